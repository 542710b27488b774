package org.tbptt4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NormalTest {

    @Test
    void quantilesMatchScipy() {
        // scipy.stats.norm.ppf of 0.975, 1 - 0.025/36, 1 - 0.025/200, 0.5, 0.01
        assertEquals(1.959963984540054, Normal.quantile(0.975), 1e-8);
        assertEquals(3.1969502291312546, Normal.quantile(1 - 0.025 / 36), 1e-8);
        assertEquals(3.662259930887615, Normal.quantile(1 - 0.025 / 200), 1e-8);
        assertEquals(0, Normal.quantile(0.5), 1e-15);
        assertEquals(-2.3263478740408408, Normal.quantile(0.01), 1e-8);
    }
}
