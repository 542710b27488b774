package org.tbptt4j.model;

import java.util.Locale;

/** The recurrent cell kinds, with PyTorch's gate order; {@code gates} is G, the row blocks of {@code weight_ih}. */
public enum CellType {
    /** h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    RNN(1),
    /** Gates r, z, n; the reset gate multiplies the recurrent product: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)). */
    GRU(3),
    /** Gates i, f, g, o; c' = f * c + i * g, h' = o * tanh(c'). */
    LSTM(4);

    /** Number of gate blocks G: weight_ih is (G*H x In), weight_hh is (G*H x H). */
    public final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** The lower-case name used in configs, fixtures and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "rnn", "gru" or "lstm" (any case); the message lists the choices. */
    public static CellType parse(String s) {
        for (CellType t : values()) {
            if (t.id().equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + s + "': use rnn, gru or lstm");
    }
}
