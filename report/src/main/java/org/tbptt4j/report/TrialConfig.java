package org.tbptt4j.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One configuration of the grid, as the journal and the summary write it (snake_case keys).
 *
 * @param label    the configuration in words, e.g. {@code naive L=50 (50,50) lstm H=32}
 * @param strategy how sequences are cut ({@code naive}, ...)
 * @param length   subsequence length L
 * @param k1       steps forwarded between updates
 * @param k2       steps backpropagated per update
 * @param batch    streams per batch
 * @param cell     {@code lstm}, {@code gru} or {@code rnn}
 * @param hidden   hidden units H
 * @param layers   stacked recurrent layers
 * @param epochs   training epochs
 * @param lr       learning rate
 * @param optimizer optimizer name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrialConfig(String label, String strategy, Integer length, Integer k1, Integer k2, Integer batch,
                          String cell, Integer hidden, Integer layers, Integer epochs, Double lr, String optimizer) {
}
