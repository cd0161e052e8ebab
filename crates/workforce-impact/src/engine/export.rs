//! The model's formulas as vectorised numpy source: the program an analyst would otherwise
//! write by hand, used as the baseline the engine is benchmarked and checked against.

use crate::formula::{BinOp, Node};
use crate::model::{Body, Model};

impl Model {
    /// Python source defining `evaluate(x)`, where `x` maps each of `varied` (qualified
    /// names) to a numpy array in the parameter's unit; it returns one array of persons per
    /// initiative. Parameters not in `varied` are inlined at their stated values.
    pub fn numpy_source(&self, varied: &[&str]) -> Result<String, crate::error::Error> {
        let slots: Vec<usize> = varied
            .iter()
            .map(|n| self.resolve_name(n))
            .collect::<Result<_, _>>()?;
        let mut src = String::from("import numpy as np\n\n\ndef evaluate(x):\n");
        for (j, &s) in slots.iter().enumerate() {
            let p = &self.params[s];
            src.push_str(&format!(
                "    v{j} = np.asarray(x[{:?}], dtype=np.float64) * {:?}\n",
                p.qualified, p.unit.scale
            ));
        }
        let mut derived = String::new();
        let mut done: Vec<usize> = Vec::new();
        for &s in &self.derived_order {
            if slots.contains(&s) {
                continue;
            }
            if let Some(d) = &self.params[s].derived {
                let mut reads = Vec::new();
                d.node.slots(&mut reads);
                if reads.iter().any(|r| slots.contains(r) || done.contains(r)) {
                    derived.push_str(&format!(
                        "    d{s} = {}\n",
                        self.render(&d.node, &slots, &done)
                    ));
                    done.push(s);
                }
            }
        }
        src.push_str(&derived);
        src.push_str("    out = []\n");
        for ini in &self.initiatives {
            let (components, share) = match &ini.body {
                Body::Components(cs) => (cs.as_slice(), 1.0),
                Body::Shared { case, share } => (self.shared[*case].components.as_slice(), *share),
            };
            let terms: Vec<String> = components
                .iter()
                .map(|c| {
                    format!(
                        "{:?} * ({})",
                        c.sign.factor() * share,
                        self.render(&c.node, &slots, &done)
                    )
                })
                .collect();
            src.push_str(&format!(
                "    out.append({})  # {}\n",
                terms.join(" + "),
                ini.id
            ));
        }
        src.push_str("    return out\n");
        Ok(src)
    }

    fn render(&self, node: &Node, slots: &[usize], derived: &[usize]) -> String {
        match node {
            Node::Const(v) => format!("{v:?}"),
            Node::Param(s) => match slots.iter().position(|x| x == s) {
                Some(j) => format!("v{j}"),
                None if derived.contains(s) => format!("d{s}"),
                None => format!("{:?}", self.params[*s].base()),
            },
            Node::Neg(a) => format!("(-{})", self.render(a, slots, derived)),
            Node::Bin(op, a, b) => {
                let op = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                };
                format!(
                    "({} {op} {})",
                    self.render(a, slots, derived),
                    self.render(b, slots, derived)
                )
            }
            Node::Min(args) | Node::Max(args) => {
                let f = if matches!(node, Node::Min(_)) {
                    "np.minimum"
                } else {
                    "np.maximum"
                };
                let mut acc = self.render(&args[0], slots, derived);
                for a in &args[1..] {
                    acc = format!("{f}({acc}, {})", self.render(a, slots, derived));
                }
                acc
            }
        }
    }
}
