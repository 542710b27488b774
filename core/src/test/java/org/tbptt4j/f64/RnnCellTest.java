package org.tbptt4j.f64;

import org.tbptt4j.model.CellType;

class RnnCellTest extends CellContractTest {
    @Override
    CellType type() {
        return CellType.RNN;
    }
}
