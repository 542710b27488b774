/**
 * How well a trained model does, in measures that fit its task: {@link org.tbptt4j.metrics.ClassificationMetrics}
 * for classifiers (softmax cross-entropy over K classes, or binary cross-entropy on one logit per
 * output). The math of each measure is stated on its class; the tests check it against cases
 * worked out by hand.
 */
package org.tbptt4j.metrics;
