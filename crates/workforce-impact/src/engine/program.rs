//! A flat evaluation plan for many draws: the varied parameters are input registers,
//! everything that does not depend on them is folded to constants, and each instruction runs
//! over a whole lane block (structure of arrays), so the inner loops vectorise.

use crate::formula::{BinOp, Node};
use crate::model::{Model, Sector};

/// Lanes evaluated together; registers × LANES doubles stay in cache.
pub const LANES: usize = 64;

#[derive(Clone, Copy, Debug)]
enum Operand {
    /// A varied input, read from the caller's columns.
    Input(usize),
    Reg(usize),
    Const(f64),
}

#[derive(Clone, Copy, Debug)]
enum OpKind {
    Add,
    Sub,
    Mul,
    Div,
    Min,
    Max,
}

#[derive(Clone, Copy, Debug)]
struct Instr {
    op: OpKind,
    dst: usize,
    a: Operand,
    b: Operand,
}

/// One initiative's output: a folded constant plus factor × register terms.
#[derive(Clone, Debug)]
struct Output {
    constant: f64,
    terms: Vec<(f64, Operand)>,
}

/// The compiled model for a fixed set of varied parameter slots.
#[derive(Clone, Debug)]
pub struct Program {
    n_inputs: usize,
    n_regs: usize,
    instrs: Vec<Instr>,
    outputs: Vec<Output>,
    /// (initiative index, sector) of each output, in initiative order.
    keys: Vec<(usize, Sector)>,
    /// Weighted programs only: sums computed after the instructions into registers
    /// `n_regs..`, which the outputs then combine (see [`Program::compile_weighted`]).
    sums: Vec<Output>,
}

/// The values one variant of a weighted program reads ([`Program::compile_weighted`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Base-unit value of every parameter slot (derived slots included).
    pub values: Vec<f64>,
    /// The factor each varied input is multiplied by in this variant (1 where it is read as
    /// drawn): a growing parameter's multiplier for the year, a region's scale factor.
    pub input_scale: Vec<f64>,
}

/// One term of a weighted output: `weight` × component `component` of initiative
/// `initiative` (the shared case's component for a shared member, whose share is applied
/// too), computed with variant `variant`, added to output `output`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightedTerm {
    /// Index into [`Model::initiatives`].
    pub initiative: usize,
    /// Index into the initiative's components, or its shared case's.
    pub component: usize,
    /// Index into the variants.
    pub variant: usize,
    /// Index of the output the term adds to.
    pub output: usize,
    /// The factor (a ramp, an accumulation weight).
    pub weight: f64,
}

/// Outputs that weigh the same registers in the same proportions (every component under
/// one ramp, say) share one sum: each register is added once into the sum of its weight
/// profile, and each output adds up a few sums. Ten years of the reference model cost ten
/// multiply-adds per draw on top of one total, instead of ten totals.
fn factor_outputs(outputs: Vec<Output>, n_regs: usize) -> (Vec<Output>, Vec<Output>) {
    // per register: its factor in every output
    let mut operands: Vec<(Operand, Vec<f64>)> = Vec::new();
    for (o, out) in outputs.iter().enumerate() {
        for &(f, r) in &out.terms {
            let row = match operands.iter().position(|(x, _)| same(*x, r)) {
                Some(i) => i,
                None => {
                    operands.push((r, vec![0.0; outputs.len()]));
                    operands.len() - 1
                }
            };
            operands[row].1[o] += f;
        }
    }
    // group by the profile scaled to 1 at its first non-zero output
    let mut profiles: Vec<Vec<f64>> = Vec::new();
    let mut sums: Vec<Output> = Vec::new();
    for (r, factors) in operands {
        let Some(&lead) = factors.iter().find(|f| **f != 0.0) else {
            continue;
        };
        let profile: Vec<f64> = factors.iter().map(|f| f / lead).collect();
        let g = match profiles.iter().position(|p| {
            p.iter()
                .zip(&profile)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        }) {
            Some(g) => g,
            None => {
                profiles.push(profile);
                sums.push(Output {
                    constant: 0.0,
                    terms: Vec::new(),
                });
                sums.len() - 1
            }
        };
        sums[g].terms.push((lead, r));
    }
    let outputs = outputs
        .into_iter()
        .enumerate()
        .map(|(o, out)| Output {
            constant: out.constant,
            terms: profiles
                .iter()
                .enumerate()
                .filter(|(_, p)| p[o] != 0.0)
                .map(|(g, p)| (p[o], Operand::Reg(n_regs + g)))
                .collect(),
        })
        .collect();
    (sums, outputs)
}

fn same(a: Operand, b: Operand) -> bool {
    match (a, b) {
        (Operand::Input(x), Operand::Input(y)) | (Operand::Reg(x), Operand::Reg(y)) => x == y,
        _ => false,
    }
}

/// An instruction by operation and operands (register or constant bits), for sharing.
type InstrKey = (u8, (u8, u64), (u8, u64));

struct Compiler<'m> {
    model: &'m Model,
    /// Instructions already emitted, by (operation, operands): a shared business case's
    /// components and repeated sub-expressions are computed once per lane block.
    seen: std::collections::HashMap<InstrKey, usize>,
    base: Vec<f64>,
    /// Per slot: the register (or constant) it is read from.
    slot_value: Vec<Option<Operand>>,
    instrs: Vec<Instr>,
    n_regs: usize,
}

impl Compiler<'_> {
    fn emit(&mut self, op: OpKind, a: Operand, b: Operand) -> Operand {
        if let (Operand::Const(x), Operand::Const(y)) = (a, b) {
            return Operand::Const(apply(op, x, y));
        }
        let key = |o: Operand| match o {
            Operand::Input(i) => (1, i as u64),
            Operand::Reg(r) => (2, r as u64),
            Operand::Const(v) => (0, v.to_bits()),
        };
        let id = (op as u8, key(a), key(b));
        if let Some(&r) = self.seen.get(&id) {
            return Operand::Reg(r);
        }
        let dst = self.n_regs;
        self.n_regs += 1;
        self.instrs.push(Instr { op, dst, a, b });
        self.seen.insert(id, dst);
        Operand::Reg(dst)
    }

    fn slot(&mut self, s: usize) -> Operand {
        if let Some(v) = self.slot_value[s] {
            return v;
        }
        // A derived parameter reading a varied one is computed per draw; otherwise its stated
        // value is a constant.
        let v = match self.model.params[s].derived.as_ref() {
            Some(d) => {
                let node = d.node.clone();
                self.node(&node)
            }
            None => Operand::Const(self.base[s]),
        };
        self.slot_value[s] = Some(v);
        v
    }

    fn node(&mut self, n: &Node) -> Operand {
        match n {
            Node::Const(v) => Operand::Const(*v),
            Node::Param(s) => self.slot(*s),
            Node::Neg(a) => {
                let a = self.node(a);
                self.emit(OpKind::Sub, Operand::Const(0.0), a)
            }
            Node::Bin(BinOp::Mul | BinOp::Div, ..) => self.product(n),
            Node::Bin(op, a, b) => {
                let (a, b) = (self.node(a), self.node(b));
                let op = if *op == BinOp::Add {
                    OpKind::Add
                } else {
                    OpKind::Sub
                };
                self.emit(op, a, b)
            }
            Node::Min(args) | Node::Max(args) => {
                let op = if matches!(n, Node::Min(_)) {
                    OpKind::Min
                } else {
                    OpKind::Max
                };
                let mut acc = self.node(&args[0]);
                for a in &args[1..] {
                    let b = self.node(a);
                    acc = self.emit(op, acc, b);
                }
                acc
            }
        }
    }
}

impl Compiler<'_> {
    /// A chain of `*` and `/` as one product: its constants multiplied into one, each
    /// varied divisor turned into a shared reciprocal, the varied factors in a canonical
    /// order so chains that share a prefix (`.. / annual_hours / part_time_factor`) share
    /// its instructions. Reassociation may move the last bits against `evaluate`; it never
    /// touches determinism.
    fn product(&mut self, n: &Node) -> Operand {
        match self.scaled_product(n) {
            (Operand::Const(v), k) => Operand::Const(v * k),
            (a, 1.0) => a,
            (a, k) => self.emit(OpKind::Mul, a, Operand::Const(k)),
        }
    }

    /// A node as (operand, constant factor) with the factor not yet applied: an output
    /// term folds it into its own weight and saves the multiplication.
    fn scaled(&mut self, n: &Node) -> (Operand, f64) {
        match n {
            Node::Bin(BinOp::Mul | BinOp::Div, ..) => self.scaled_product(n),
            other => (self.node(other), 1.0),
        }
    }

    fn scaled_product(&mut self, n: &Node) -> (Operand, f64) {
        let mut factors: Vec<Operand> = Vec::new();
        let mut constant = 1.0;
        self.collect_factors(n, false, &mut factors, &mut constant);
        // Registers first: the reciprocals of the annual hours and the part-time factor are
        // computed early and recur in almost every chain, so their product is shared.
        let rank = |o: &Operand| match o {
            Operand::Reg(r) => (0, *r),
            Operand::Input(i) => (1, *i),
            Operand::Const(_) => (2, 0),
        };
        factors.sort_by_key(rank);
        let mut acc: Option<Operand> = None;
        for f in factors {
            acc = Some(match acc {
                None => f,
                Some(a) => self.emit(OpKind::Mul, a, f),
            });
        }
        match acc {
            None => (Operand::Const(1.0), constant),
            Some(a) => (a, constant),
        }
    }

    fn collect_factors(
        &mut self,
        n: &Node,
        inverted: bool,
        factors: &mut Vec<Operand>,
        constant: &mut f64,
    ) {
        match n {
            Node::Bin(BinOp::Mul, a, b) => {
                self.collect_factors(a, inverted, factors, constant);
                self.collect_factors(b, inverted, factors, constant);
            }
            Node::Bin(BinOp::Div, a, b) => {
                self.collect_factors(a, inverted, factors, constant);
                self.collect_factors(b, !inverted, factors, constant);
            }
            leaf => match self.node(leaf) {
                Operand::Const(k) if inverted => *constant /= k,
                Operand::Const(k) => *constant *= k,
                o if inverted => {
                    let reciprocal = self.emit(OpKind::Div, Operand::Const(1.0), o);
                    factors.push(reciprocal);
                }
                o => factors.push(o),
            },
        }
    }
}

#[inline]
fn apply(op: OpKind, x: f64, y: f64) -> f64 {
    match op {
        OpKind::Add => x + y,
        OpKind::Sub => x - y,
        OpKind::Mul => x * y,
        OpKind::Div => x / y,
        OpKind::Min => x.min(y),
        OpKind::Max => x.max(y),
    }
}

impl Program {
    /// Compiles `model` with `varied` slots as inputs (input i holds slot `varied[i]`, in
    /// base units); all other parameters keep their stated values.
    pub fn compile(model: &Model, varied: &[usize]) -> Program {
        let mut c = Compiler {
            model,
            seen: std::collections::HashMap::new(),
            base: model.base_values(),
            slot_value: vec![None; model.params.len()],
            instrs: Vec::new(),
            n_regs: 0,
        };
        for (i, &s) in varied.iter().enumerate() {
            c.slot_value[s] = Some(Operand::Input(i));
        }
        let mut outputs: Vec<Output> = Vec::new();
        let mut keys: Vec<(usize, Sector)> = Vec::new();
        for n in 0..model.initiatives.len() {
            let (components, share) = model.components_of(n);
            for comp in components {
                let o = match keys.iter().position(|k| *k == (n, comp.sector)) {
                    Some(o) => o,
                    None => {
                        keys.push((n, comp.sector));
                        outputs.push(Output {
                            constant: 0.0,
                            terms: Vec::new(),
                        });
                        outputs.len() - 1
                    }
                };
                let (operand, k) = c.scaled(&comp.node);
                let factor = comp.sign.factor() * share * k;
                match operand {
                    Operand::Const(v) => outputs[o].constant += factor * v,
                    r => outputs[o].terms.push((factor, r)),
                }
            }
        }
        Program {
            n_inputs: varied.len(),
            n_regs: c.n_regs,
            instrs: c.instrs,
            outputs,
            keys,
            sums: Vec::new(),
        }
    }

    /// Compiles weighted sums of component values: output `o` is Σ `weight` × (signed
    /// component value computed with `variants[v]`) over the `terms` that name it. A
    /// trajectory compiles one variant per year whose values differ (growing parameters)
    /// and one output per year, so a year costs a few multiply-adds per component, not a
    /// whole program: whatever does not differ between variants folds into the same
    /// constants and shares the same instructions. [`Program::keys`] is empty; outputs are
    /// read by index.
    pub fn compile_weighted(
        model: &Model,
        varied: &[usize],
        variants: &[Variant],
        n_outputs: usize,
        terms: &[WeightedTerm],
    ) -> Program {
        let mut c = Compiler {
            model,
            seen: std::collections::HashMap::new(),
            base: Vec::new(),
            slot_value: Vec::new(),
            instrs: Vec::new(),
            n_regs: 0,
        };
        let mut outputs = vec![
            Output {
                constant: 0.0,
                terms: Vec::new(),
            };
            n_outputs
        ];
        for (v, variant) in variants.iter().enumerate() {
            if !terms.iter().any(|t| t.variant == v) {
                continue;
            }
            c.base.clone_from(&variant.values);
            c.slot_value = vec![None; model.params.len()];
            for (i, &s) in varied.iter().enumerate() {
                let k = variant.input_scale.get(i).copied().unwrap_or(1.0);
                c.slot_value[s] = Some(if k == 1.0 {
                    Operand::Input(i)
                } else {
                    c.emit(OpKind::Mul, Operand::Input(i), Operand::Const(k))
                });
            }
            for t in terms.iter().filter(|t| t.variant == v) {
                let (cs, share) = model.components_of(t.initiative);
                let comp = &cs[t.component];
                let (operand, k) = c.scaled(&comp.node);
                let factor = comp.sign.factor() * share * k * t.weight;
                let out = &mut outputs[t.output];
                match operand {
                    Operand::Const(x) => out.constant += factor * x,
                    r => match out.terms.iter_mut().find(|(_, o)| same(*o, r)) {
                        // one multiply-add per distinct register: years that read the
                        // same value add up their weights
                        Some(term) => term.0 += factor,
                        None => out.terms.push((factor, r)),
                    },
                }
            }
        }
        let (sums, outputs) = factor_outputs(outputs, c.n_regs);
        Program {
            n_inputs: varied.len(),
            n_regs: c.n_regs,
            instrs: c.instrs,
            outputs,
            keys: Vec::new(),
            sums,
        }
    }

    /// Instructions run per lane block (after constant folding).
    pub fn n_instructions(&self) -> usize {
        self.instrs.len()
    }

    /// Values per row: the number of varied parameter slots the program was compiled for.
    pub fn n_inputs(&self) -> usize {
        self.n_inputs
    }

    /// Outputs are persons per (initiative, sector) pair.
    pub fn n_outputs(&self) -> usize {
        self.outputs.len()
    }

    /// The (initiative index, sector) of each output.
    pub fn keys(&self) -> &[(usize, Sector)] {
        &self.keys
    }

    /// Scratch space for [`Program::eval_lanes`].
    pub fn scratch(&self) -> Vec<f64> {
        vec![0.0; (self.n_regs + self.sums.len()) * LANES]
    }

    /// Evaluates `len <= LANES` draws. Input i of lane l is `inputs[i * stride + l]` (base
    /// units); `out[o * LANES + l]` receives output o (persons). `regs` comes from
    /// [`Program::scratch`].
    pub fn eval_lanes(
        &self,
        inputs: &[f64],
        stride: usize,
        regs: &mut [f64],
        len: usize,
        out: &mut [f64],
    ) {
        self.run_instructions(inputs, stride, regs, len);
        self.run_sums(inputs, stride, regs, len);
        for (o, output) in self.outputs.iter().enumerate() {
            let dst = &mut out[o * LANES..o * LANES + len];
            dst.fill(output.constant);
            for &(factor, term) in &output.terms {
                accumulate(dst, factor, term, inputs, stride, regs);
            }
        }
    }

    /// Like [`Program::eval_lanes`], but only the sum of all outputs (the portfolio total)
    /// into `total[..len]`: one accumulation instead of one array per output.
    pub fn eval_total(
        &self,
        inputs: &[f64],
        stride: usize,
        regs: &mut [f64],
        len: usize,
        total: &mut [f64],
    ) {
        self.run_instructions(inputs, stride, regs, len);
        self.run_sums(inputs, stride, regs, len);
        let dst = &mut total[..len];
        dst.fill(self.outputs.iter().map(|o| o.constant).sum());
        for output in &self.outputs {
            for &(factor, term) in &output.terms {
                accumulate(dst, factor, term, inputs, stride, regs);
            }
        }
    }

    fn run_sums(&self, inputs: &[f64], stride: usize, regs: &mut [f64], len: usize) {
        for (g, sum) in self.sums.iter().enumerate() {
            let (lower, upper) = regs.split_at_mut((self.n_regs + g) * LANES);
            let dst = &mut upper[..len];
            dst.fill(sum.constant);
            for &(factor, term) in &sum.terms {
                accumulate(dst, factor, term, inputs, stride, lower);
            }
        }
    }

    fn run_instructions(&self, inputs: &[f64], stride: usize, regs: &mut [f64], len: usize) {
        for ins in &self.instrs {
            let (lower, upper) = regs.split_at_mut(ins.dst * LANES);
            let dst = &mut upper[..len];
            let read = |o: Operand| -> Result<&[f64], f64> {
                match o {
                    Operand::Input(i) => Ok(&inputs[i * stride..i * stride + len]),
                    Operand::Reg(r) => Ok(&lower[r * LANES..r * LANES + len]),
                    Operand::Const(k) => Err(k),
                }
            };
            match (read(ins.a), read(ins.b)) {
                (Ok(x), Ok(y)) => lanes2(ins.op, dst, x, y),
                (Ok(x), Err(k)) => lanes_rc(ins.op, dst, x, k),
                (Err(k), Ok(y)) => lanes_cr(ins.op, dst, k, y),
                (Err(x), Err(y)) => dst.fill(apply(ins.op, x, y)),
            }
        }
    }
}

/// `dst += factor * term` over the lanes.
#[inline]
fn accumulate(
    dst: &mut [f64],
    factor: f64,
    term: Operand,
    inputs: &[f64],
    stride: usize,
    regs: &[f64],
) {
    let len = dst.len();
    let src = match term {
        Operand::Input(i) => &inputs[i * stride..i * stride + len],
        Operand::Reg(r) => &regs[r * LANES..r * LANES + len],
        Operand::Const(k) => {
            dst.iter_mut().for_each(|d| *d += factor * k);
            return;
        }
    };
    for (d, v) in dst.iter_mut().zip(src) {
        *d += factor * v;
    }
}

macro_rules! lanes_loop {
    ($op:expr, $dst:expr, $x:expr, $y:expr) => {
        match $op {
            OpKind::Add => $dst
                .iter_mut()
                .enumerate()
                .for_each(|(i, d)| *d = $x(i) + $y(i)),
            OpKind::Sub => $dst
                .iter_mut()
                .enumerate()
                .for_each(|(i, d)| *d = $x(i) - $y(i)),
            OpKind::Mul => $dst
                .iter_mut()
                .enumerate()
                .for_each(|(i, d)| *d = $x(i) * $y(i)),
            OpKind::Div => $dst
                .iter_mut()
                .enumerate()
                .for_each(|(i, d)| *d = $x(i) / $y(i)),
            OpKind::Min => $dst
                .iter_mut()
                .enumerate()
                .for_each(|(i, d)| *d = $x(i).min($y(i))),
            OpKind::Max => $dst
                .iter_mut()
                .enumerate()
                .for_each(|(i, d)| *d = $x(i).max($y(i))),
        }
    };
}

#[inline]
fn lanes2(op: OpKind, dst: &mut [f64], x: &[f64], y: &[f64]) {
    let (x, y) = (&x[..dst.len()], &y[..dst.len()]);
    lanes_loop!(op, dst, |i: usize| x[i], |i: usize| y[i]);
}

#[inline]
fn lanes_rc(op: OpKind, dst: &mut [f64], x: &[f64], k: f64) {
    let x = &x[..dst.len()];
    lanes_loop!(op, dst, |i: usize| x[i], |_: usize| k);
}

#[inline]
fn lanes_cr(op: OpKind, dst: &mut [f64], k: f64, y: &[f64]) {
    let y = &y[..dst.len()];
    lanes_loop!(op, dst, |_: usize| k, |i: usize| y[i]);
}
