//! Resolved formulas: a tree over parameter slots holding base-unit values.

use super::ast::BinOp;

/// A node of a resolved formula: parameters as slots, literals in base units.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A literal, already in base units.
    Const(f64),
    /// The value of parameter slot `n`.
    Param(usize),
    /// The negation of its operand.
    Neg(Box<Node>),
    /// A binary operation.
    Bin(BinOp, Box<Node>, Box<Node>),
    /// The smallest of its arguments.
    Min(Vec<Node>),
    /// The largest of its arguments.
    Max(Vec<Node>),
}

impl Node {
    /// Evaluates with `values[slot]` for each parameter (base units).
    pub fn eval(&self, values: &[f64]) -> f64 {
        match self {
            Node::Const(v) => *v,
            Node::Param(i) => values[*i],
            Node::Neg(a) => -a.eval(values),
            Node::Bin(op, a, b) => {
                let (a, b) = (a.eval(values), b.eval(values));
                match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => a / b,
                }
            }
            Node::Min(args) => args
                .iter()
                .map(|a| a.eval(values))
                .fold(f64::INFINITY, f64::min),
            Node::Max(args) => args
                .iter()
                .map(|a| a.eval(values))
                .fold(f64::NEG_INFINITY, f64::max),
        }
    }

    /// The depth of the tree: the operations on its deepest path (a literal alone is 0),
    /// with `leaf(slot)` as the depth of each parameter read: 0 for a stated value; for a
    /// derived one, one more than its own tree written out (reading it is a step of every
    /// walk, even when its formula is a bare name). Recurses only as deep as the tree,
    /// which the parser bounds.
    pub fn depth(&self, leaf: &dyn Fn(usize) -> usize) -> usize {
        match self {
            Node::Const(_) => 0,
            Node::Param(i) => leaf(*i),
            Node::Neg(a) => 1 + a.depth(leaf),
            Node::Bin(_, a, b) => 1 + a.depth(leaf).max(b.depth(leaf)),
            Node::Min(args) | Node::Max(args) => {
                1 + args.iter().map(|a| a.depth(leaf)).max().unwrap_or(0)
            }
        }
    }

    /// Every parameter slot the node reads.
    pub fn slots(&self, out: &mut Vec<usize>) {
        match self {
            Node::Const(_) => {}
            Node::Param(i) => out.push(*i),
            Node::Neg(a) => a.slots(out),
            Node::Bin(_, a, b) => {
                a.slots(out);
                b.slots(out);
            }
            Node::Min(args) | Node::Max(args) => args.iter().for_each(|a| a.slots(out)),
        }
    }
}
