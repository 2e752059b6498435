;; zproto zero-packing (see pack-portable.ts for the format) with WebAssembly SIMD: one
;; 8-byte segment per step, its header from a vector compare and the move of its bytes as
;; one byte shuffle (i8x16.swizzle) through a table of 256 shuffles.
;;
;; Assembled into wasm-binary.ts by `npm run build:wasm` (scripts/build-wasm.ts); a test
;; checks the two agree. wasm-pack.ts lays out the memory and fills the tables:
;;   [0, 2048)     unpack shuffles: entry h (8 bytes) puts the first popcount(h) data bytes
;;                 at the set bits of h; the other lanes are 0x80 (swizzle gives 0 there)
;;   [2048, 4096)  pack shuffles: entry h lists the set bits of h, lowest first
;;   then the regions of wasm-pack.ts, each followed by at least 16 spare bytes: the loops
;;   below read up to 8 bytes past an input's end and store 8 bytes where fewer are kept.
(module
  (memory (export "memory") 3)

  ;; Packs memory[src, src + len) to dst and returns the end offset of the output. Zeroes
  ;; the 8 bytes after the input first, so a short last segment reads as zero-padded.
  (func (export "pack") (param $src i32) (param $len i32) (param $dst i32) (result i32)
    (local $i i32) (local $end i32) (local $o i32) (local $h i32) (local $v v128)
    (local $count i32) (local $n i32) (local $s i32)
    (local.set $i (local.get $src))
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (i64.store (local.get $end) (i64.const 0))
    (local.set $o (local.get $dst))
    (block $done
      (loop $segment
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        ;; header: bit k set when byte k is not zero
        (local.set $v (v128.load64_zero (local.get $i)))
        (local.set $h (i8x16.bitmask (i8x16.ne (local.get $v) (v128.const i64x2 0 0))))
        (i32.store8 (local.get $o) (local.get $h))
        ;; the non-zero bytes, moved together (8 bytes stored, popcount(h) kept)
        (v128.store64_lane 0 (i32.add (local.get $o) (i32.const 1))
          (i8x16.swizzle (local.get $v)
            (v128.load64_zero offset=2048 (i32.shl (local.get $h) (i32.const 3)))))
        (local.set $o (i32.add (local.get $o) (i32.add (i32.const 1) (i32.popcnt (local.get $h)))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        ;; after a full segment (never a short one: its padding is zero), a run of
        ;; segments copied verbatim while each has at least 6 non-zero bytes, up to 255
        (if (i32.and (i32.eq (local.get $h) (i32.const 255)) (i32.lt_u (local.get $i) (local.get $end)))
          (then
            (local.set $count (local.get $o))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.set $n (i32.const 0))
            (block $run_end
              (loop $run
                (br_if $run_end (i32.eq (local.get $n) (i32.const 255)))
                (br_if $run_end (i32.ge_u (local.get $i) (local.get $end)))
                (br_if $run_end
                  (i32.lt_u
                    (i32.popcnt (i8x16.bitmask (i8x16.ne (v128.load64_zero (local.get $i)) (v128.const i64x2 0 0))))
                    (i32.const 6)))
                ;; a short last segment is copied with its actual length
                (local.set $s (i32.sub (local.get $end) (local.get $i)))
                (if (i32.gt_u (local.get $s) (i32.const 8)) (then (local.set $s (i32.const 8))))
                (i64.store (local.get $o) (i64.load (local.get $i)))
                (local.set $o (i32.add (local.get $o) (local.get $s)))
                (local.set $i (i32.add (local.get $i) (local.get $s)))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br $run)))
            (i32.store8 (local.get $count) (local.get $n))))
        (br $segment)))
    (local.get $o))

  ;; Unpacks memory[src, src + len) to dst and returns the unpacked size (a multiple of 8),
  ;; or -1 for malformed input (wasm-pack.ts then repeats the unpack in JavaScript, which
  ;; throws the located error). A run whose last segment is short is zero-filled.
  (func (export "unpack") (param $src i32) (param $len i32) (param $dst i32) (result i32)
    (local $i i32) (local $end i32) (local $o i32) (local $h i32) (local $n i32)
    (local $avail i32) (local $k i32)
    (local.set $i (local.get $src))
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $o (local.get $dst))
    (block $done
      (loop $segment
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $h (i32.load8_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.ne (local.get $h) (i32.const 255))
          (then
            ;; the popcount(h) data bytes spread to the set bits of h, zeros elsewhere
            (local.set $n (i32.popcnt (local.get $h)))
            (if (i32.gt_u (i32.add (local.get $i) (local.get $n)) (local.get $end))
              (then (return (i32.const -1))))
            (v128.store64_lane 0 (local.get $o)
              (i8x16.swizzle (v128.load64_zero (local.get $i))
                (v128.load64_zero (i32.shl (local.get $h) (i32.const 3)))))
            (local.set $i (i32.add (local.get $i) (local.get $n)))
            (local.set $o (i32.add (local.get $o) (i32.const 8)))
            (br $segment)))
        ;; 0xff: eight bytes, then (unless the input ends) a count byte and count × 8 bytes
        (if (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $end))
          (then (return (i32.const -1))))
        (i64.store (local.get $o) (i64.load (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br_if $done (i32.eq (local.get $i) (local.get $end)))
        (local.set $n (i32.shl (i32.load8_u (local.get $i)) (i32.const 3)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $avail (i32.sub (local.get $end) (local.get $i)))
        (if (i32.ge_u (local.get $avail) (local.get $n))
          (then
            (local.set $k (i32.const 0))
            (block $copied
              (loop $copy
                (br_if $copied (i32.ge_u (local.get $k) (local.get $n)))
                (i64.store (i32.add (local.get $o) (local.get $k)) (i64.load (i32.add (local.get $i) (local.get $k))))
                (local.set $k (i32.add (local.get $k) (i32.const 8)))
                (br $copy)))
            (local.set $i (i32.add (local.get $i) (local.get $n))))
          (else
            ;; the run's last segment is cut short: allowed only inside that segment
            (if (i32.le_u (i32.add (local.get $avail) (i32.const 8)) (local.get $n))
              (then (return (i32.const -1))))
            (local.set $k (i32.const 0))
            (block $copied
              (loop $copy
                (br_if $copied (i32.ge_u (local.get $k) (local.get $avail)))
                (i32.store8 (i32.add (local.get $o) (local.get $k)) (i32.load8_u (i32.add (local.get $i) (local.get $k))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $copy)))
            (block $filled
              (loop $fill
                (br_if $filled (i32.ge_u (local.get $k) (local.get $n)))
                (i32.store8 (i32.add (local.get $o) (local.get $k)) (i32.const 0))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $fill)))
            (local.set $i (local.get $end))))
        (local.set $o (i32.add (local.get $o) (local.get $n)))
        (br $segment)))
    (i32.sub (local.get $o) (local.get $dst)))
)
