package io.simvg.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Against scipy's {@code linear_sum_assignment} ({@code hungarian.json}). */
class HungarianAlgorithmTest {

    @TestFactory
    Stream<DynamicTest> reproducesScipy() {
        return LossFixtures.cases("hungarian.json").stream().map(c -> DynamicTest.dynamicTest(
                "hungarian " + c.get("id").asText(), () -> check(c)));
    }

    static void check(JsonNode c) {
        JsonNode t = c.get("cost");
        int n = t.get("shape").get(0).asInt();
        int m = t.get("shape").get(1).asInt();
        double[][] cost = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                cost[i][j] = t.get("data").get(i * m + j).asDouble();
            }
        }
        JsonNode e = c.get("expected");
        HungarianAlgorithm.Assignment a = HungarianAlgorithm.solve(cost);
        assertEquals(e.get("num_assigned").asInt(), a.size());
        double tol = 1e-9 * Math.max(1, e.get("max_abs_entry").asDouble()) * Math.max(1, a.size());
        assertEquals(e.get("min_total_cost").asDouble(), a.totalCost(cost), tol, "total cost");
        for (int k = 1; k < a.size(); k++) {
            assertTrue(a.rows()[k] > a.rows()[k - 1], "rows increasing");
        }
        if (e.get("unique_optimum").asBoolean()) {
            assertArrayEquals(LossFixtures.ints(e.get("row_ind")), a.rows());
            assertArrayEquals(LossFixtures.ints(e.get("col_ind")), a.cols());
        }
    }

    @Test
    void badCostsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HungarianAlgorithm.solve(new double[][] {{1, Double.NaN}}));
        assertTrue(e.getMessage().contains("cost[0][1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HungarianAlgorithm.solve(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("ragged"), e.getMessage());
        assertEquals(0, HungarianAlgorithm.solve(new double[3][0]).size());
    }
}
