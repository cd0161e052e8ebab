//! Model formulas as live Excel formulas over the parameters' defined names.
//!
//! A resolved formula ([`Node`]) works on base units; a parameter's cell holds its value in
//! the parameter's own unit. Each reference is therefore written as the defined name times
//! the unit's size in base units (`p_nursing_per_bed_day_msz*1` for min/day, whose base is
//! min/day; `p_annual_hours*0.1643835616438356` for h/(FTE*yr) in min/(FTE*day)), and a
//! literal with a unit (`1[yr]`) as its base-unit number (`365`). The explicit factors are
//! exactly the ones the engine multiplies by, in the same order, so the workbook computes
//! what [`Model::evaluate`](crate::Model::evaluate) does up to rounding in the last bits.

use crate::formula::{BinOp, Node};

/// A number as Excel formula text: the shortest digits that read back as `v`.
pub fn number(v: f64) -> String {
    let a = v.abs();
    let text = if a == 0.0 || (1e-6..1e15).contains(&a) {
        format!("{a}")
    } else {
        let e = format!("{a:e}").to_ascii_uppercase();
        // Excel writes a positive exponent with its sign: 1E+20
        match e.split_once('E') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}E+{x}"),
            _ => e,
        }
    };
    if v < 0.0 {
        format!("(-{text})")
    } else {
        text
    }
}

/// How a parameter slot is referenced: its defined name and its unit's size in base units.
pub struct Slot<'a> {
    /// The defined name of the parameter's value cell.
    pub name: &'a str,
    /// How many base units one of the parameter's unit is.
    pub scale: f64,
}

/// `node` as Excel formula text (without the leading `=`), each parameter slot `i` written
/// as `slots[i]`.
pub fn excel(node: &Node, slots: &[Slot<'_>]) -> String {
    let mut out = String::new();
    write(node, slots, &mut out);
    out
}

fn write(node: &Node, slots: &[Slot<'_>], out: &mut String) {
    match node {
        Node::Const(v) => out.push_str(&number(*v)),
        Node::Param(i) => match slots.get(*i) {
            Some(s) if s.scale == 1.0 => out.push_str(s.name),
            Some(s) => {
                out.push('(');
                out.push_str(s.name);
                out.push('*');
                out.push_str(&number(s.scale));
                out.push(')');
            }
            // every slot of a loaded model has a name; a broken one shows in the book
            None => out.push_str("#REF!"),
        },
        Node::Neg(a) => {
            out.push_str("-(");
            write(a, slots, out);
            out.push(')');
        }
        Node::Bin(op, a, b) => {
            out.push('(');
            write(a, slots, out);
            out.push_str(match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
            });
            write(b, slots, out);
            out.push(')');
        }
        Node::Min(args) | Node::Max(args) => {
            out.push_str(if matches!(node, Node::Min(_)) {
                "MIN("
            } else {
                "MAX("
            });
            for (n, a) in args.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write(a, slots, out);
            }
            out.push(')');
        }
    }
}

/// The A1 name of the cell at 0-based `row` and `col` (`cell(0, 1)` is `B1`).
pub fn cell(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut c = u32::from(col) + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_cells() {
        assert_eq!(number(2000.0), "2000");
        assert_eq!(number(0.68), "0.68");
        assert_eq!(number(-1.0), "(-1)");
        assert_eq!(number(1e-9), "1E-9");
        assert_eq!(number(1e20), "1E+20");
        assert_eq!(cell(0, 0), "A1");
        assert_eq!(cell(13, 2), "C14");
        assert_eq!(cell(0, 26), "AA1");
    }

    #[test]
    fn references_carry_their_unit_factor() {
        let node = Node::Bin(
            BinOp::Div,
            Box::new(Node::Neg(Box::new(Node::Param(0)))),
            Box::new(Node::Max(vec![Node::Param(1), Node::Const(2.5)])),
        );
        let slots = [
            Slot {
                name: "p_a",
                scale: 1.0,
            },
            Slot {
                name: "p_b__c",
                scale: 60.0,
            },
        ];
        assert_eq!(excel(&node, &slots), "(-(p_a)/MAX((p_b__c*60),2.5))");
    }
}
