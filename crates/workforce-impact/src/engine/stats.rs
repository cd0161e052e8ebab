//! Streaming, mergeable statistics whose results do not depend on the order in which
//! partial results are merged: exact (correctly rounded) sums for the moments, integer
//! bucket counts for the quantile sketch. So a run on 1 thread, 2 threads or k shards gives
//! the same bits, and memory does not grow with the number of draws.

use serde::{Deserialize, Serialize};

/// An exactly accumulated sum (Shewchuk's non-overlapping partials, as Python's
/// `math.fsum`): its value is the correctly rounded sum whatever the order of additions.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ExactSum {
    partials: Vec<f64>,
}

impl ExactSum {
    pub fn add(&mut self, mut x: f64) {
        if !x.is_finite() {
            return;
        }
        let mut i = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        self.partials.truncate(i);
        self.partials.push(x);
    }

    pub fn merge(&mut self, other: &ExactSum) {
        for &p in &other.partials {
            self.add(p);
        }
    }

    /// The correctly rounded value of the sum.
    pub fn value(&self) -> f64 {
        let p = &self.partials;
        let mut n = p.len();
        if n == 0 {
            return 0.0;
        }
        n -= 1;
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

/// Two sums are equal when their values are: different orders of addition may leave
/// different (equivalent) partials.
impl PartialEq for ExactSum {
    fn eq(&self, other: &ExactSum) -> bool {
        self.value() == other.value()
    }
}

/// Sub-buckets per binary octave: bucket width 2^-10 relative, so a quantile is within
/// 0.05% of the true value (the bucket's midpoint against any value in it).
const SUB_BITS: u32 = 10;
const SUB: usize = 1 << SUB_BITS;
const OCTAVES: usize = 2048;

/// A log-linear histogram of values (like HdrHistogram): the sign, the binary exponent and
/// the top 10 mantissa bits pick the bucket. Octaves are allocated when first used.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    pos: Vec<Option<Box<[u64]>>>,
    neg: Vec<Option<Box<[u64]>>>,
    zero: u64,
}

impl Default for Sketch {
    fn default() -> Sketch {
        Sketch {
            pos: vec![None; OCTAVES],
            neg: vec![None; OCTAVES],
            zero: 0,
        }
    }
}

fn key(v: f64) -> (usize, usize) {
    let bits = v.abs().to_bits();
    (
        (bits >> 52) as usize & (OCTAVES - 1),
        ((bits >> (52 - SUB_BITS)) as usize) & (SUB - 1),
    )
}

/// The middle of bucket (octave, sub) of positive values.
fn midpoint(octave: usize, sub: usize) -> f64 {
    let lower = f64::from_bits(((octave as u64) << 52) | ((sub as u64) << (52 - SUB_BITS)));
    let upper = if sub + 1 == SUB {
        f64::from_bits(((octave as u64 + 1) << 52).min(f64::MAX.to_bits()))
    } else {
        f64::from_bits(((octave as u64) << 52) | (((sub + 1) as u64) << (52 - SUB_BITS)))
    };
    lower + (upper - lower) / 2.0
}

impl Sketch {
    #[inline]
    pub fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        if v == 0.0 {
            self.zero += 1;
            return;
        }
        let (o, s) = key(v);
        let side = if v > 0.0 {
            &mut self.pos
        } else {
            &mut self.neg
        };
        side[o].get_or_insert_with(|| vec![0u64; SUB].into_boxed_slice())[s] += 1;
    }

    pub fn merge(&mut self, other: &Sketch) {
        self.zero += other.zero;
        for (mine, theirs) in [(&mut self.pos, &other.pos), (&mut self.neg, &other.neg)] {
            for (o, t) in theirs.iter().enumerate() {
                if let Some(t) = t {
                    let m = mine[o].get_or_insert_with(|| vec![0u64; SUB].into_boxed_slice());
                    for (a, b) in m.iter_mut().zip(t.iter()) {
                        *a += b;
                    }
                }
            }
        }
    }

    /// Every non-empty bucket as (representative value, count), in increasing value order.
    pub fn buckets(&self) -> Vec<(f64, u64)> {
        let mut out = Vec::new();
        for o in (0..OCTAVES).rev() {
            if let Some(b) = &self.neg[o] {
                for s in (0..SUB).rev() {
                    if b[s] > 0 {
                        out.push((-midpoint(o, s), b[s]));
                    }
                }
            }
        }
        if self.zero > 0 {
            out.push((0.0, self.zero));
        }
        for o in 0..OCTAVES {
            if let Some(b) = &self.pos[o] {
                for (s, &c) in b.iter().enumerate() {
                    if c > 0 {
                        out.push((midpoint(o, s), c));
                    }
                }
            }
        }
        out
    }
}

/// The sketch travels as its non-empty buckets: (sign, octave, sub-bucket, count).
#[derive(Serialize, Deserialize)]
struct SketchRepr {
    zero: u64,
    buckets: Vec<(i8, u16, u16, u64)>,
}

impl Serialize for Sketch {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buckets = Vec::new();
        for (sign, side) in [(1i8, &self.pos), (-1i8, &self.neg)] {
            for (o, b) in side.iter().enumerate() {
                if let Some(b) = b {
                    for (k, &c) in b.iter().enumerate() {
                        if c > 0 {
                            buckets.push((sign, o as u16, k as u16, c));
                        }
                    }
                }
            }
        }
        SketchRepr {
            zero: self.zero,
            buckets,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Sketch {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sketch, D::Error> {
        let repr = SketchRepr::deserialize(d)?;
        let mut sketch = Sketch {
            zero: repr.zero,
            ..Sketch::default()
        };
        for (sign, o, k, c) in repr.buckets {
            let (o, k) = (o as usize & (OCTAVES - 1), k as usize & (SUB - 1));
            let side = if sign > 0 {
                &mut sketch.pos
            } else {
                &mut sketch.neg
            };
            side[o].get_or_insert_with(|| vec![0u64; SUB].into_boxed_slice())[k] += c;
        }
        Ok(sketch)
    }
}

/// Serde for numbers that may be infinite or NaN (an empty shard's extremes, the share of a
/// model without a shortage): JSON has no such numbers, so they travel as "inf", "-inf",
/// "NaN".
pub mod nonfinite {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Number(f64),
        Text(String),
    }

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else if x.is_nan() {
            s.serialize_str("NaN")
        } else if *x > 0.0 {
            s.serialize_str("inf")
        } else {
            s.serialize_str("-inf")
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        match Repr::deserialize(d)? {
            Repr::Number(x) => Ok(x),
            Repr::Text(t) => match t.as_str() {
                "NaN" => Ok(f64::NAN),
                "inf" => Ok(f64::INFINITY),
                "-inf" => Ok(f64::NEG_INFINITY),
                other => Err(serde::de::Error::custom(format!("not a number: {other:?}"))),
            },
        }
    }
}

/// Statistics of one output (the total, the share, one initiative, theme or sector).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupStats {
    pub name: String,
    pub n: u64,
    /// Values are summed as differences from this reference (the stated value), which keeps
    /// the variance accurate when the spread is small against the mean.
    #[serde(with = "nonfinite")]
    pub reference: f64,
    sum: ExactSum,
    sumsq: ExactSum,
    #[serde(with = "nonfinite")]
    pub min: f64,
    #[serde(with = "nonfinite")]
    pub max: f64,
    sketch: Sketch,
}

/// Per-block running sums, committed into a [`GroupStats`] at the end of a block.
#[derive(Clone, Copy, Debug, Default)]
pub struct BlockSums {
    pub n: u64,
    pub s: f64,
    pub ss: f64,
    pub min: f64,
    pub max: f64,
}

impl GroupStats {
    pub fn new(name: String, reference: f64) -> GroupStats {
        GroupStats {
            name,
            n: 0,
            reference,
            sum: ExactSum::default(),
            sumsq: ExactSum::default(),
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            sketch: Sketch::default(),
        }
    }

    /// Adds the buckets of every value of `vs`; their moments go through a [`BlockSums`].
    pub fn add_lanes_to_sketch(&mut self, vs: &[f64]) {
        vs.iter().for_each(|&v| self.sketch.add(v));
    }

    pub fn commit(&mut self, b: &BlockSums) {
        if b.n == 0 {
            return;
        }
        self.n += b.n;
        self.sum.add(b.s);
        self.sumsq.add(b.ss);
        self.min = self.min.min(b.min);
        self.max = self.max.max(b.max);
    }

    pub fn merge(&mut self, other: &GroupStats) {
        self.n += other.n;
        self.sum.merge(&other.sum);
        self.sumsq.merge(&other.sumsq);
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sketch.merge(&other.sketch);
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        self.reference + self.sum.value() / self.n as f64
    }

    /// The sample standard deviation (n - 1 in the denominator).
    pub fn sd(&self) -> f64 {
        if self.min.is_nan() || self.min > self.max {
            return f64::NAN;
        }
        if self.n < 2 {
            return if self.n == 1 { 0.0 } else { f64::NAN };
        }
        let n = self.n as f64;
        let s = self.sum.value();
        ((self.sumsq.value() - s * s / n) / (n - 1.0))
            .max(0.0)
            .sqrt()
    }

    /// The q-quantile (0 <= q <= 1), within 0.05% of the value; the extremes are exact.
    pub fn quantile(&self, q: f64) -> f64 {
        self.quantiles(&[q])[0]
    }

    /// Several quantiles from one pass over the sketch's buckets.
    pub fn quantiles(&self, qs: &[f64]) -> Vec<f64> {
        // no finite values (none drawn, or NaN such as the share without a shortage)
        if self.n == 0 || self.min.is_nan() || self.min > self.max {
            return vec![f64::NAN; qs.len()];
        }
        let buckets = self.sketch.buckets();
        qs.iter()
            .map(|&q| {
                if q.is_nan() {
                    return f64::NAN;
                }
                if q <= 0.0 {
                    return self.min;
                }
                if q >= 1.0 {
                    return self.max;
                }
                let rank = (q * (self.n - 1) as f64).floor() as u64;
                let mut seen = 0u64;
                for &(v, c) in &buckets {
                    seen += c;
                    if seen > rank {
                        return v.clamp(self.min, self.max);
                    }
                }
                self.max
            })
            .collect()
    }

    /// The fraction of values >= x, from the sketch (exact but for values in x's bucket).
    pub fn fraction_at_least(&self, x: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let count: u64 = self
            .sketch
            .buckets()
            .iter()
            .filter(|(v, _)| *v >= x)
            .map(|b| b.1)
            .sum();
        count as f64 / self.n as f64
    }

    /// `bins` equal-width bins from min to max: (bins + 1 edges, counts).
    pub fn histogram(&self, bins: usize) -> (Vec<f64>, Vec<u64>) {
        let bins = bins.max(1);
        let (lo, hi) = (self.min, self.max);
        if lo.is_nan() || lo > hi {
            return (vec![f64::NAN; bins + 1], vec![0; bins]);
        }
        let width = if hi > lo {
            (hi - lo) / bins as f64
        } else {
            1.0
        };
        let edges = (0..=bins).map(|i| lo + width * i as f64).collect();
        let mut counts = vec![0u64; bins];
        for (v, c) in self.sketch.buckets() {
            let i = (((v.clamp(lo, hi) - lo) / width) as usize).min(bins - 1);
            counts[i] += c;
        }
        (edges, counts)
    }
}

impl BlockSums {
    pub fn new() -> BlockSums {
        BlockSums {
            n: 0,
            s: 0.0,
            ss: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// Adds every value of `vs` (plain loops the compiler vectorises).
    pub fn add_lanes(&mut self, vs: &[f64], reference: f64) {
        let (mut s, mut ss) = (0.0, 0.0);
        let (mut lo, mut hi) = (self.min, self.max);
        for &v in vs {
            let d = v - reference;
            s += d;
            ss += d * d;
            lo = lo.min(v);
            hi = hi.max(v);
        }
        self.n += vs.len() as u64;
        self.s += s;
        self.ss += ss;
        self.min = lo;
        self.max = hi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_sum_is_order_independent() {
        let xs = [
            1e16,
            1.0,
            -1e16,
            3.5,
            1e-8,
            2.0f64.powi(60),
            -(2.0f64.powi(60)),
        ];
        let mut a = ExactSum::default();
        xs.iter().for_each(|&x| a.add(x));
        let mut b = ExactSum::default();
        xs.iter().rev().for_each(|&x| b.add(x));
        assert_eq!(a.value(), b.value());
        assert_eq!(a.value(), 4.5 + 1e-8);
    }

    #[test]
    fn sketch_quantiles_are_close() {
        let mut g = GroupStats::new("x".into(), 0.0);
        let mut b = BlockSums::new();
        let values: Vec<f64> = (1..=10_000).map(f64::from).collect();
        g.add_lanes_to_sketch(&values);
        b.add_lanes(&values, 0.0);
        g.commit(&b);
        assert!((g.quantile(0.5) - 5000.0).abs() / 5000.0 < 1e-3);
        assert!((g.quantile(0.9) - 9000.0).abs() / 9000.0 < 1e-3);
        assert_eq!((g.quantile(0.0), g.quantile(1.0)), (1.0, 10_000.0));
        assert!((g.mean() - 5000.5).abs() < 1e-9);
        assert!((g.fraction_at_least(9001.0) - 0.1).abs() < 2e-3);
        let json = serde_json::to_string(&g).unwrap();
        let back: GroupStats = serde_json::from_str(&json).unwrap();
        assert_eq!(back.quantile(0.5), g.quantile(0.5));
    }
}
