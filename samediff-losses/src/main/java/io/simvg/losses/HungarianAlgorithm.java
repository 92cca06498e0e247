package io.simvg.losses;

import java.util.Arrays;

/**
 * Minimum-cost assignment for rectangular cost matrices (what scipy's {@code linear_sum_assignment} solves):
 * shortest augmenting paths with row/column potentials (Kuhn–Munkres in its O(n²·m) Jonker–Volgenant form), in
 * double precision. Every row of the smaller side is assigned; the result lists pairs by increasing row.
 */
public final class HungarianAlgorithm {

    private HungarianAlgorithm() {
    }

    /** Assigned pairs: {@code rows[k]} (increasing) with {@code cols[k]}; {@code min(n, m)} of them. */
    public record Assignment(int[] rows, int[] cols) {
        public int size() {
            return rows.length;
        }

        public double totalCost(double[][] cost) {
            double sum = 0;
            for (int k = 0; k < rows.length; k++) {
                sum += cost[rows[k]][cols[k]];
            }
            return sum;
        }
    }

    /**
     * @param cost {@code [n][m]} finite costs (NaN or infinity is an {@link IllegalArgumentException} naming the cell)
     */
    public static Assignment solve(double[][] cost) {
        int n = cost.length;
        int m = n == 0 ? 0 : cost[0].length;
        for (int i = 0; i < n; i++) {
            if (cost[i].length != m) {
                throw new IllegalArgumentException("cost matrix is ragged: row " + i + " has " + cost[i].length
                        + " columns, row 0 has " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] is " + cost[i][j]);
                }
            }
        }
        if (n == 0 || m == 0) {
            return new Assignment(new int[0], new int[0]);
        }
        if (n <= m) {
            int[] colOfRow = solveRowsLeqCols(cost, n, m, false);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
            }
            return new Assignment(rows, colOfRow);
        }
        int[] rowOfCol = solveRowsLeqCols(cost, m, n, true); // transposed: columns become rows
        int[][] pairs = new int[m][];
        for (int j = 0; j < m; j++) {
            pairs[j] = new int[] {rowOfCol[j], j};
        }
        Arrays.sort(pairs, (a, b) -> Integer.compare(a[0], b[0]));
        int[] rows = new int[m];
        int[] cols = new int[m];
        for (int k = 0; k < m; k++) {
            rows[k] = pairs[k][0];
            cols[k] = pairs[k][1];
        }
        return new Assignment(rows, cols);
    }

    /**
     * Assigns each of the {@code n} rows to one of {@code m ≥ n} columns. With {@code transposed}, row i is
     * {@code cost[.][i]}.
     */
    private static int[] solveRowsLeqCols(double[][] cost, int n, int m, boolean transposed) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOfCol = new int[m + 1]; // 1-based row matched to column j, 0 = free
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            rowOfCol[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = rowOfCol[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double c = (transposed ? cost[j - 1][i0 - 1] : cost[i0 - 1][j - 1]) - u[i0] - v[j];
                        if (c < minv[j]) {
                            minv[j] = c;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfCol[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] colOfRow = new int[n];
        for (int j = 1; j <= m; j++) {
            if (rowOfCol[j] != 0) {
                colOfRow[rowOfCol[j] - 1] = j - 1;
            }
        }
        return colOfRow;
    }
}
