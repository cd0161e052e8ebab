//! The random streams of a Monte Carlo run, keyed by (seed, block) so that a block's draws
//! depend on nothing else (any thread count, any split into shards), and the Cholesky
//! factor the rank correlations are induced with.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

pub(super) fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The random stream of block `b`: depends on nothing but the seed and the block.
pub(super) fn block_rng(seed: u64, b: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(splitmix(seed ^ splitmix(b.wrapping_add(1))))
}

/// Independent Xoshiro256++ generators stepped side by side.
const STREAMS: usize = 4;

/// The uniform numbers of block `b`'s inverse-CDF inputs: [`STREAMS`] Xoshiro256+
/// generators stepped in lock step, value i of a column from generator i % STREAMS.
/// Independent streams overlap in the pipeline where one generator waits for its own last
/// step (about 1.5 times the throughput); the `+` scrambler is the one its authors give for
/// floating-point numbers (only the top 52 bits are used). Keyed by (seed, block) like
/// [`block_rng`], and disjoint from it.
pub(super) struct UniformStreams {
    /// `s[word][stream]`: word-major, so each step is plain lane-wise arithmetic.
    s: [[u64; STREAMS]; 4],
}

impl UniformStreams {
    pub(super) fn new(seed: u64, b: u64) -> UniformStreams {
        let key = splitmix(seed ^ splitmix(b.wrapping_add(1))) ^ 0xA076_1D64_78BD_642F;
        let mut s = [[0u64; STREAMS]; 4];
        for k in 0..STREAMS {
            // SplitMix64 expansion of a distinct key per stream, as `seed_from_u64` does.
            let mut x = splitmix(key.wrapping_add(k as u64));
            for word in &mut s {
                x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
                word[k] = splitmix(x);
            }
        }
        UniformStreams { s }
    }

    /// The next value of every stream.
    #[inline(always)]
    fn step(&mut self) -> [u64; STREAMS] {
        let [s0, s1, s2, s3] = &mut self.s;
        let mut out = [0u64; STREAMS];
        for k in 0..STREAMS {
            out[k] = s0[k].wrapping_add(s3[k]);
            let t = s1[k] << 17;
            s2[k] ^= s0[k];
            s3[k] ^= s1[k];
            s1[k] ^= s2[k];
            s0[k] ^= s3[k];
            s2[k] ^= t;
            s3[k] = s3[k].rotate_left(45);
        }
        out
    }

    /// Fills `col` with uniform numbers in [0, 1) (52 random bits each; the inverse CDFs
    /// clamp away from 0 and 1).
    pub(super) fn fill(&mut self, col: &mut [f64]) {
        #[inline(always)]
        fn unit(x: u64) -> f64 {
            // the top 52 bits as the mantissa of a number in [1, 2): no integer-to-float
            // conversion, which the baseline x86-64 vector unit lacks
            f64::from_bits(0x3FF0_0000_0000_0000 | (x >> 12)) - 1.0
        }
        let mut chunks = col.chunks_exact_mut(STREAMS);
        for c in &mut chunks {
            let r = self.step();
            for k in 0..STREAMS {
                c[k] = unit(r[k]);
            }
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let r = self.step();
            for (x, r) in rest.iter_mut().zip(r) {
                *x = unit(r);
            }
        }
    }
}

pub(super) fn cholesky(a: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|m| l[i * k + m] * l[j * k + m]).sum();
            if i == j {
                let d = a[i * k + i] - s;
                if d <= 1e-12 {
                    return None;
                }
                l[i * k + j] = d.sqrt();
            } else {
                l[i * k + j] = (a[i * k + j] - s) / l[j * k + j];
            }
        }
    }
    Some(l)
}
