/**
 * The numeric engine in double precision (float64): matrix products, the recurrent cells, the
 * embedding, the linear head, losses, optimizers, the stacked network and the TBPTT trainer.
 *
 * <p>This is the one source of the engine. The build generates its float32 twin,
 * {@code org.tbptt4j.f32}, by textual substitution ({@code double} to {@code float}, except
 * where a declaration is marked {@code /*wide*}{@code /}: accumulators that stay double in both).
 * The float32 engine is the fast default; this one is exact enough for finite-difference gradient
 * checks and the float64 conformance tolerances. Write code here so that it compiles in both:
 * no floating-point literals on engine values (use integers or a cast such as {@code (double) 0.5}),
 * and cast the results of {@code Math} functions with {@code (double)}.
 *
 * <p>Letters used in shape comments: B batch rows, T steps, F input features, In a layer's input
 * width, H hidden units, G gate blocks (1 rnn, 3 gru, 4 lstm), O outputs, V vocabulary, E embedding.
 * All arrays are flat and row-major.
 */
package org.tbptt4j.f64;
