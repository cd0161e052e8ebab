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
    /// Adds `x` exactly (a non-finite `x` is left out: see [`GroupStats::commit`]).
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

    /// Adds every term of `other`: the value is that of one sum over both.
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
/// Octaves per sign (the 11 exponent bits of an f64).
const OCTAVES: usize = 2048;
/// Independent accumulators in [`BlockSums::add_lanes`].
const PARTIALS: usize = 8;

/// A log-linear histogram of values (like HdrHistogram): the sign, the binary exponent and
/// the top 10 mantissa bits pick the bucket, so counts are integers and merging is exact
/// in any order.
///
/// An octave's table of counts is allocated when a value first falls in it, and found by
/// a short linear search (a group's values span a few octaves): an empty sketch (every
/// worker starts one per group) costs no memory, and merging visits only the octaves in
/// use.
#[derive(Clone, Debug, Default)]
pub struct Sketch {
    /// (octave key, counts) in the order first used; the key is the sign bit and the
    /// exponent, the top 12 bits of the value.
    octaves: Vec<(u16, Box<[u64; SUB]>)>,
    zero: u64,
}

/// Two sketches are equal when they count the same values in the same buckets, whatever
/// the order their octaves were first used in.
impl PartialEq for Sketch {
    fn eq(&self, other: &Sketch) -> bool {
        self.zero == other.zero && self.counts() == other.counts()
    }
}

/// The octave key (sign bit and exponent) and sub-bucket of a value.
#[inline(always)]
fn key(v: f64) -> (usize, usize) {
    let bits = v.to_bits();
    (
        (bits >> 52) as usize,
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
    /// Counts one value (NaN is ignored, either zero counts as zero).
    #[inline]
    pub fn add(&mut self, v: f64) {
        self.add_count(v, 1);
    }

    /// Counts `count` copies of the value `v`.
    #[inline]
    pub fn add_count(&mut self, v: f64, count: u64) {
        if v.is_nan() {
            return;
        }
        if v == 0.0 {
            self.zero += count;
            return;
        }
        let (o, s) = key(v);
        self.table(o)[s] += count;
    }

    /// Counts every value of `vs`: values in the same octave as the one before go
    /// straight to its table (a block's values of one group mostly share an octave or
    /// two), the others look theirs up.
    pub fn add_all(&mut self, vs: &[f64]) {
        let mut i = 0;
        while i < vs.len() {
            let o = (vs[i].to_bits() >> 52) as usize;
            // zero and subnormals (exponent 0), infinities and NaN (exponent 2047)
            if o & (OCTAVES - 1) == 0 || o & (OCTAVES - 1) == OCTAVES - 1 {
                self.add(vs[i]);
                i += 1;
                continue;
            }
            let t = self.table(o);
            while let Some(v) = vs.get(i) {
                let bits = v.to_bits();
                if (bits >> 52) as usize != o {
                    break;
                }
                t[((bits >> (52 - SUB_BITS)) as usize) & (SUB - 1)] += 1;
                i += 1;
            }
        }
    }

    /// The table of octave key `o`, allocated if need be.
    #[inline(always)]
    fn table(&mut self, o: usize) -> &mut [u64; SUB] {
        let key = o as u16;
        let at = match self.octaves.iter().position(|t| t.0 == key) {
            Some(at) => at,
            None => {
                self.octaves.push((key, Box::new([0u64; SUB])));
                self.octaves.len() - 1
            }
        };
        &mut self.octaves[at].1
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &Sketch) {
        self.zero += other.zero;
        for (o, theirs) in &other.octaves {
            for (a, b) in self.table(usize::from(*o)).iter_mut().zip(theirs.iter()) {
                *a += b;
            }
        }
    }

    /// Every non-zero count as (octave key, sub-bucket, count), by key and sub-bucket.
    fn counts(&self) -> Vec<(usize, usize, u64)> {
        let mut tables: Vec<&(u16, Box<[u64; SUB]>)> = self.octaves.iter().collect();
        tables.sort_unstable_by_key(|t| t.0);
        let mut out = Vec::new();
        for (o, t) in tables {
            out.extend(
                t.iter()
                    .enumerate()
                    .filter(|(_, &c)| c > 0)
                    .map(|(s, &c)| (usize::from(*o), s, c)),
            );
        }
        out
    }

    /// Every non-empty bucket as (representative value, count), in increasing value order.
    pub fn buckets(&self) -> Vec<(f64, u64)> {
        let counts = self.counts();
        // keys below OCTAVES are positive values, the others negative (sign bit set)
        let split = counts.partition_point(|c| c.0 < OCTAVES);
        let (pos, neg) = counts.split_at(split);
        let mut out = Vec::with_capacity(counts.len() + 1);
        out.extend(
            neg.iter()
                .rev()
                .map(|&(o, s, c)| (-midpoint(o - OCTAVES, s), c)),
        );
        if self.zero > 0 {
            out.push((0.0, self.zero));
        }
        out.extend(pos.iter().map(|&(o, s, c)| (midpoint(o, s), c)));
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
        // positive octaves first, then negative, each by octave and sub-bucket
        let buckets = self
            .counts()
            .into_iter()
            .map(|(o, k, c)| {
                let (sign, octave) = if o < OCTAVES {
                    (1i8, o)
                } else {
                    (-1i8, o - OCTAVES)
                };
                (sign, octave as u16, k as u16, c)
            })
            .collect();
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
            let (o, k) = (usize::from(o) & (OCTAVES - 1), usize::from(k) & (SUB - 1));
            let o = if sign > 0 { o } else { o + OCTAVES };
            sketch.table(o)[k] += c;
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

    /// Writes a finite number as a number, the others as "inf", "-inf" or "NaN".
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

    /// Reads a number, or one of the strings "inf", "-inf" and "NaN".
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
    /// `total`, `share`, `initiative:<id>`, `theme:<id>` or `sector:<id>`.
    pub name: String,
    /// Values counted.
    pub n: u64,
    /// Values are summed as differences from this reference (the stated value), which keeps
    /// the variance accurate when the spread is small against the mean.
    #[serde(with = "nonfinite")]
    pub reference: f64,
    sum: ExactSum,
    sumsq: ExactSum,
    /// The smallest value (+inf while none is counted).
    #[serde(with = "nonfinite")]
    pub min: f64,
    /// The largest value (-inf while none is counted).
    #[serde(with = "nonfinite")]
    pub max: f64,
    /// Values that were NaN or infinite (a divisor drawn at 0): the moments of their
    /// blocks are left out, so [`GroupStats::mean`] and [`GroupStats::sd`] are NaN while
    /// this is not 0.
    #[serde(default)]
    pub nonfinite: u64,
    sketch: Sketch,
}

/// Per-block running sums, committed into a [`GroupStats`] at the end of a block: plain
/// f64 sums over at most one block of draws, so their rounding depends on the block only,
/// and the exact sums take it from there.
#[derive(Clone, Copy, Debug, Default)]
pub struct BlockSums {
    /// Values added.
    pub n: u64,
    /// Sum of the differences from the group's reference.
    pub s: f64,
    /// Sum of the squared differences.
    pub ss: f64,
    /// The smallest value added.
    pub min: f64,
    /// The largest value added.
    pub max: f64,
    /// Values that were NaN or infinite (or, when only the sum overflowed, every value of
    /// that call): the block's moments are left out of the exact sums.
    pub nonfinite: u64,
}

impl GroupStats {
    /// Empty statistics of group `name`, whose values are summed as differences from
    /// `reference` (its stated value).
    pub fn new(name: String, reference: f64) -> GroupStats {
        GroupStats {
            name,
            n: 0,
            reference,
            sum: ExactSum::default(),
            sumsq: ExactSum::default(),
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            nonfinite: 0,
            sketch: Sketch::default(),
        }
    }

    /// Adds the buckets of every value of `vs`; their moments go through a [`BlockSums`].
    pub fn add_lanes_to_sketch(&mut self, vs: &[f64]) {
        // A group none of whose inputs vary has one value: one bucket, one addition.
        if let Some(&first) = vs.first() {
            if vs.iter().all(|v| v.to_bits() == first.to_bits()) {
                self.sketch.add_count(first, vs.len() as u64);
                return;
            }
        }
        self.sketch.add_all(vs);
    }

    /// Adds a block's moments and extremes (its values went to the sketch already). A
    /// block whose sums are not finite (a NaN draw) adds its count and extremes only.
    pub fn commit(&mut self, b: &BlockSums) {
        if b.n == 0 {
            return;
        }
        self.n += b.n;
        self.nonfinite += b.nonfinite;
        self.sum.add(b.s);
        self.sumsq.add(b.ss);
        self.min = self.min.min(b.min);
        self.max = self.max.max(b.max);
    }

    /// Adds another part of the same group's values: exact, in any order.
    pub fn merge(&mut self, other: &GroupStats) {
        self.n += other.n;
        self.nonfinite += other.nonfinite;
        self.sum.merge(&other.sum);
        self.sumsq.merge(&other.sumsq);
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sketch.merge(&other.sketch);
    }

    /// The mean (NaN without values): exact up to the final rounding.
    pub fn mean(&self) -> f64 {
        if self.n == 0 || self.nonfinite > 0 {
            return f64::NAN;
        }
        self.reference + self.sum.value() / self.n as f64
    }

    /// The sample standard deviation (n - 1 in the denominator).
    pub fn sd(&self) -> f64 {
        if self.min.is_nan() || self.min > self.max || self.nonfinite > 0 {
            return f64::NAN;
        }
        if self.n < 2 {
            return if self.n == 1 { 0.0 } else { f64::NAN };
        }
        if self.min == self.max {
            // every value the same: exactly 0, where the one-pass formula leaves rounding
            return 0.0;
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
    /// No values yet: zero sums, extremes at +inf and -inf.
    pub fn new() -> BlockSums {
        BlockSums {
            n: 0,
            s: 0.0,
            ss: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            nonfinite: 0,
        }
    }

    /// Adds every value of `vs`, as differences from `reference` (a NaN makes the sums NaN,
    /// which [`GroupStats::commit`] leaves out, and moves neither extreme).
    ///
    /// The sums run in eight independent accumulators (value i into accumulator i % 8,
    /// added up in a fixed order at the end): one chain of additions would
    /// make every value wait for the one before, several fill the vector unit. The order
    /// depends only on the values, so the result is the same on any thread.
    pub fn add_lanes(&mut self, vs: &[f64], reference: f64) {
        let mut s = [0.0; PARTIALS];
        let mut ss = [0.0; PARTIALS];
        let mut lo = [self.min; PARTIALS];
        let mut hi = [self.max; PARTIALS];
        let mut chunks = vs.chunks_exact(PARTIALS);
        for c in &mut chunks {
            for k in 0..PARTIALS {
                let v = c[k];
                let d = v - reference;
                s[k] += d;
                ss[k] += d * d;
                // comparisons are false for NaN: it moves neither extreme
                lo[k] = if v < lo[k] { v } else { lo[k] };
                hi[k] = if v > hi[k] { v } else { hi[k] };
            }
        }
        for (k, &v) in chunks.remainder().iter().enumerate() {
            let d = v - reference;
            s[k] += d;
            ss[k] += d * d;
            lo[k] = if v < lo[k] { v } else { lo[k] };
            hi[k] = if v > hi[k] { v } else { hi[k] };
        }
        self.n += vs.len() as u64;
        let (sum, sumsq) = (s.iter().sum::<f64>(), ss.iter().sum::<f64>());
        if !(sum.is_finite() && sumsq.is_finite()) {
            // the rare path: count what cannot be summed
            let bad = vs.iter().filter(|v| !v.is_finite()).count() as u64;
            self.nonfinite += if bad > 0 { bad } else { vs.len() as u64 };
        }
        self.s += sum;
        self.ss += sumsq;
        self.min = lo.iter().fold(f64::INFINITY, |a, &b| a.min(b));
        self.max = hi.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
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
    fn sketches_merge_to_the_same_counts_in_any_order() {
        let values: Vec<f64> = (0..3000)
            .map(|i| (f64::from(i) - 1500.0) * 0.37)
            .chain([0.0, -0.0, 1e300, -1e-300, f64::NAN, 5.0, 5.0, 5.0])
            .collect();
        let mut whole = Sketch::default();
        whole.add_all(&values);
        let mut parts = Sketch::default();
        for chunk in values.rchunks(64) {
            let mut part = Sketch::default();
            chunk.iter().for_each(|&v| part.add(v));
            parts.merge(&part);
        }
        assert_eq!(whole, parts);
        let buckets = whole.buckets();
        assert!(buckets.windows(2).all(|w| w[0].0 < w[1].0), "increasing");
        assert_eq!(
            buckets.iter().map(|b| b.1).sum::<u64>(),
            values.len() as u64 - 1
        );
        let json = serde_json::to_string(&whole).unwrap();
        let back: Sketch = serde_json::from_str(&json).unwrap();
        assert_eq!(back, whole);
        assert_eq!(Sketch::default().buckets(), vec![]);
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
