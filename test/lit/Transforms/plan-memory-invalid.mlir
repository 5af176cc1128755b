// RUN: dlc-opt %s -split-input-file -verify-diagnostics -dlc-plan-memory

// A buffer returned from the function cannot live in the arena.
func.func @returned() -> memref<16xf32> {
  // expected-error @below {{buffer escapes through a return; run buffer-results-to-out-params first}}
  %a = memref.alloc() : memref<16xf32>
  return %a : memref<16xf32>
}

// -----

// A call may hand back an alias of its argument; the accesses through the
// result would be outside the buffer's live range, so planning refuses.
func.func private @alias(memref<16xf32>) -> memref<16xf32>

func.func @aliased_by_call(%out: memref<16xf32>) {
  // expected-error @below {{cannot plan a buffer that 'func.call' may alias beyond its live range}}
  %a = memref.alloc() : memref<16xf32>
  %b = func.call @alias(%a) : (memref<16xf32>) -> memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// The same through a region: scf.yield passes the buffer on as the loop's
// result.
func.func @aliased_by_loop(%out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  // expected-error @below {{cannot plan a buffer that}}
  %a = memref.alloc() : memref<16xf32>
  %r = scf.for %i = %c0 to %c2 step %c1 iter_args(%x = %a) -> memref<16xf32> {
    scf.yield %x : memref<16xf32>
  }
  memref.copy %r, %out : memref<16xf32> to memref<16xf32>
  return
}
