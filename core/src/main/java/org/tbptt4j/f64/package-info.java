/**
 * The numeric engine at float64 precision: matrix products, the recurrent cells, the
 * embedding, the linear head, losses, optimizers, the stacked network and the TBPTT trainer.
 *
 * <p>The engine is written once, in package f64 (double precision). The build generates the
 * single-precision package f32 from it by textual substitution ({@code double} to {@code float} in
 * code, except where a declaration is marked {@code /*wide*}{@code /}: accumulators that stay double
 * in both; comments keep their words, so write them true of both precisions). The single-precision
 * engine is the fast default; the double-precision one is exact enough for finite-difference gradient
 * checks and the tight conformance tolerances. Write code in f64 so that it compiles in both:
 * no floating-point literals on engine values (use integers or a cast such as {@code (double) 0.5}),
 * and cast the results of {@code Math} functions with {@code (double)}. A line that starts with
 * {@code *} is a comment line to the generator: do not start a line of code with a product's {@code *}.
 *
 * <p>Letters used in shape comments: B batch rows, T steps, F input features, In a layer's input
 * width, H hidden units, G gate blocks (1 rnn, 3 gru, 4 lstm), O outputs, V vocabulary, E embedding.
 * All arrays are flat and row-major.
 */
package org.tbptt4j.f64;
