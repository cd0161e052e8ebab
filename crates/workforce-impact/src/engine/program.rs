//! A flat evaluation plan for many draws: the varied parameters are input registers,
//! everything that does not depend on them is folded to constants, and each instruction runs
//! over a whole lane block (structure of arrays), so the inner loops vectorise.

use crate::formula::{BinOp, Node};
use crate::model::{Body, Model, Sector};

/// Lanes evaluated together; registers × LANES doubles stay in cache.
pub const LANES: usize = 64;

#[derive(Clone, Copy, Debug)]
enum Operand {
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
}

/// An instruction by operation and operands (register or constant bits), for sharing.
type InstrKey = (u8, (bool, u64), (bool, u64));

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
            Operand::Reg(r) => (true, r as u64),
            Operand::Const(v) => (false, v.to_bits()),
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
            Node::Bin(op, a, b) => {
                let (a, b) = (self.node(a), self.node(b));
                let op = match op {
                    BinOp::Add => OpKind::Add,
                    BinOp::Sub => OpKind::Sub,
                    BinOp::Mul => OpKind::Mul,
                    BinOp::Div => OpKind::Div,
                };
                // Dividing by a varied input (annual hours, a part-time factor) recurs in
                // nearly every formula: take its reciprocal once per lane block and multiply.
                // This may move the last bit against `evaluate`, never the determinism.
                if let (OpKind::Div, Operand::Reg(_)) = (op, b) {
                    let reciprocal = self.emit(OpKind::Div, Operand::Const(1.0), b);
                    return self.emit(OpKind::Mul, a, reciprocal);
                }
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
    /// Compiles `model` with `varied` slots as inputs (register i holds slot varied[i], in
    /// base units); all other parameters keep their stated values.
    pub fn compile(model: &Model, varied: &[usize]) -> Program {
        let mut c = Compiler {
            model,
            seen: std::collections::HashMap::new(),
            base: model.base_values(),
            slot_value: vec![None; model.params.len()],
            instrs: Vec::new(),
            n_regs: varied.len(),
        };
        for (i, &s) in varied.iter().enumerate() {
            c.slot_value[s] = Some(Operand::Reg(i));
        }
        let mut outputs: Vec<Output> = Vec::new();
        let mut keys: Vec<(usize, Sector)> = Vec::new();
        for (n, ini) in model.initiatives.iter().enumerate() {
            let (components, share) = match &ini.body {
                Body::Components(cs) => (cs.as_slice(), 1.0),
                Body::Shared { case, share } => (model.shared[*case].components.as_slice(), *share),
            };
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
                let factor = comp.sign.factor() * share;
                match c.node(&comp.node) {
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
        }
    }

    /// Instructions run per lane block (after constant folding).
    pub fn n_instructions(&self) -> usize {
        self.instrs.len()
    }

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
        vec![0.0; self.n_regs * LANES]
    }

    /// Evaluates `len <= LANES` draws. `inputs[i * LANES + lane]` is input i (base units);
    /// `out[o * LANES + lane]` receives output o (persons). `regs` comes from
    /// [`Program::scratch`]; its first `n_inputs * LANES` entries are the inputs.
    pub fn eval_lanes(&self, regs: &mut [f64], len: usize, out: &mut [f64]) {
        for ins in &self.instrs {
            let (lower, upper) = regs.split_at_mut(ins.dst * LANES);
            let dst = &mut upper[..len];
            match (ins.a, ins.b) {
                (Operand::Reg(a), Operand::Reg(b)) => {
                    let (x, y) = (
                        &lower[a * LANES..a * LANES + len],
                        &lower[b * LANES..b * LANES + len],
                    );
                    lanes2(ins.op, dst, x, y);
                }
                (Operand::Reg(a), Operand::Const(k)) => {
                    let x = &lower[a * LANES..a * LANES + len];
                    lanes_rc(ins.op, dst, x, k);
                }
                (Operand::Const(k), Operand::Reg(b)) => {
                    let y = &lower[b * LANES..b * LANES + len];
                    lanes_cr(ins.op, dst, k, y);
                }
                (Operand::Const(x), Operand::Const(y)) => dst.fill(apply(ins.op, x, y)),
            }
        }
        for (o, output) in self.outputs.iter().enumerate() {
            let dst = &mut out[o * LANES..o * LANES + len];
            dst.fill(output.constant);
            for &(factor, term) in &output.terms {
                match term {
                    Operand::Reg(r) => {
                        for (d, v) in dst.iter_mut().zip(&regs[r * LANES..r * LANES + len]) {
                            *d += factor * v;
                        }
                    }
                    Operand::Const(k) => dst.iter_mut().for_each(|d| *d += factor * k),
                }
            }
        }
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
