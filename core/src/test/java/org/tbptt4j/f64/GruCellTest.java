package org.tbptt4j.f64;

import org.tbptt4j.model.CellType;

class GruCellTest extends CellContractTest {
    @Override
    CellType type() {
        return CellType.GRU;
    }
}
