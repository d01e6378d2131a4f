package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One palette of at most 256 colours for a whole clip, and the mapping of a frame to it.
 *
 * <p>The palette is chosen from every pixel of every frame, counted in a fixed histogram (6 bits a
 * channel, 2^18 cells, each with its pixels' count and colour sums), so memory does not grow with the
 * clip: frames are added one at a time. Median cut on the histogram's cells (the box whose colours
 * spread most, by summed squared error, split along its widest channel where the two halves' errors
 * add up least) gives the first colours; a few rounds of k-means over the cells refine them.
 *
 * <p>A frame is mapped to the palette pixel by pixel, each to its nearest colour: a colour gets the
 * same entry wherever it is and in every frame, so a stroke that holds still or moves keeps its
 * colour. No dither: {@link AnimatedGif} says why, with the numbers.
 */
final class GifPalette {
    /** The most colours a GIF palette holds. */
    static final int MAX_COLOURS = 256;
    /** Rounds of k-means after median cut: each one lowers the error less; after 4 it barely moves. */
    private static final int KMEANS_ROUNDS = 4;

    private final int[] red;
    private final int[] green;
    private final int[] blue;
    /** Palette indices ordered by green, for the nearest-colour search. */
    private final int[] byGreen;
    private final int[] sortedGreen;

    GifPalette(int[] red, int[] green, int[] blue) {
        if (red.length == 0 || red.length > MAX_COLOURS || green.length != red.length || blue.length != red.length) {
            throw new IllegalArgumentException("a palette of 1 to 256 colours, got " + red.length);
        }
        this.red = red.clone();
        this.green = green.clone();
        this.blue = blue.clone();
        Integer[] order = new Integer[red.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> green[i]));
        byGreen = new int[order.length];
        sortedGreen = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            byGreen[i] = order[i];
            sortedGreen[i] = green[order[i]];
        }
    }

    int size() {
        return red.length;
    }

    /** Entry {@code i} as 0xRRGGBB. */
    int rgb(int i) {
        return red[i] << 16 | green[i] << 8 | blue[i];
    }

    /** The colour table of a GIF: 256 entries (GIF's sizes are powers of 2), unused ones black. */
    byte[][] table() {
        byte[][] t = new byte[3][MAX_COLOURS];
        for (int i = 0; i < red.length; i++) {
            t[0][i] = (byte) red[i];
            t[1][i] = (byte) green[i];
            t[2][i] = (byte) blue[i];
        }
        return t;
    }

    /**
     * {@code frame} as palette indices, row by row: each pixel its nearest colour, undithered, so a
     * colour maps to the same entry wherever and in whichever frame it is (why no dither:
     * {@link AnimatedGif}).
     */
    byte[] map(Image frame) {
        int plane = frame.pixels();
        float[] d = frame.data();
        byte[] out = new byte[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = (byte) nearest(level(d[p]), level(d[plane + p]), level(d[2 * plane + p]));
        }
        return out;
    }

    /** A 0..1 sample as 0..255, as the PNG frames hold it; NaN as 0. */
    private static int level(float v) {
        return v > 0f ? Math.min(255, Math.round(v * 255f)) : 0;
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    /** The index of the colour nearest (r, g, b), by squared distance; ties to the lower index. */
    int nearest(int r, int g, int b) {
        int start = Arrays.binarySearch(sortedGreen, g);
        if (start < 0) {
            start = -start - 1;
        }
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        // Outwards from the colours of about this green: once the green alone is farther, so is the rest.
        for (int up = start, down = start - 1; up < byGreen.length || down >= 0; ) {
            if (up < byGreen.length) {
                int dg = sortedGreen[up] - g;
                if (dg * dg > bestDistance) {
                    up = byGreen.length;
                } else {
                    int i = byGreen[up++];
                    int dist = distance(i, r, g, b);
                    if (dist < bestDistance || dist == bestDistance && i < best) {
                        best = i;
                        bestDistance = dist;
                    }
                }
            }
            if (down >= 0) {
                int dg = g - sortedGreen[down];
                if (dg * dg > bestDistance) {
                    down = -1;
                } else {
                    int i = byGreen[down--];
                    int dist = distance(i, r, g, b);
                    if (dist < bestDistance || dist == bestDistance && i < best) {
                        best = i;
                        bestDistance = dist;
                    }
                }
            }
        }
        return best;
    }

    private int distance(int i, int r, int g, int b) {
        int dr = red[i] - r;
        int dg = green[i] - g;
        int db = blue[i] - b;
        return dr * dr + dg * dg + db * db;
    }

    /**
     * Every pixel of the frames added, counted per cell of a 6-bit-a-channel colour cube with its exact
     * colour sums: about 8 MB however long the clip.
     */
    static final class Histogram {
        private static final int BITS = 6;
        private static final int CELLS = 1 << (3 * BITS);
        private final long[] count = new long[CELLS];
        private final long[] sum = new long[3 * CELLS];

        void add(Image frame) {
            int plane = frame.pixels();
            float[] d = frame.data();
            for (int p = 0; p < plane; p++) {
                int r = level(d[p]);
                int g = level(d[plane + p]);
                int b = level(d[2 * plane + p]);
                int cell = (r >> (8 - BITS)) << (2 * BITS) | (g >> (8 - BITS)) << BITS | b >> (8 - BITS);
                count[cell]++;
                sum[3 * cell] += r;
                sum[3 * cell + 1] += g;
                sum[3 * cell + 2] += b;
            }
        }

        /** At most {@code colours} colours for the pixels added (fewer where fewer cells are used). */
        GifPalette palette(int colours) {
            return palette(colours, KMEANS_ROUNDS);
        }

        GifPalette palette(int colours, int kmeansRounds) {
            Cells cells = cells();
            if (cells.size() == 0) {
                throw new IllegalStateException("no pixels to choose a palette from");
            }
            List<double[]> centres = medianCut(cells, Math.min(colours, MAX_COLOURS));
            for (int round = 0; round < kmeansRounds; round++) {
                centres = kmeans(cells, centres);
            }
            int n = centres.size();
            int[] r = new int[n];
            int[] g = new int[n];
            int[] b = new int[n];
            for (int i = 0; i < n; i++) {
                r[i] = clamp(Math.round(centres.get(i)[0]));
                g[i] = clamp(Math.round(centres.get(i)[1]));
                b[i] = clamp(Math.round(centres.get(i)[2]));
            }
            return new GifPalette(r, g, b);
        }

        private Cells cells() {
            int n = 0;
            for (long c : count) {
                n += c > 0 ? 1 : 0;
            }
            Cells cells = new Cells(n);
            int k = 0;
            for (int cell = 0; cell < CELLS; cell++) {
                if (count[cell] > 0) {
                    cells.weight[k] = count[cell];
                    for (int c = 0; c < 3; c++) {
                        cells.colour[3 * k + c] = sum[3 * cell + c] / (double) count[cell];
                    }
                    k++;
                }
            }
            return cells;
        }
    }

    /** The histogram's used cells: how many pixels each holds and their mean colour. */
    private static final class Cells {
        final double[] weight;
        final double[] colour;

        Cells(int n) {
            weight = new double[n];
            colour = new double[3 * n];
        }

        int size() {
            return weight.length;
        }
    }

    /** A box of median cut: cells {@code order[from..to)}, its weight, mean and summed squared error. */
    private record Box(int from, int to, double weight, double[] mean, double error) {
        static Box of(Cells cells, int[] order, int from, int to) {
            double w = 0;
            double[] s = new double[3];
            double sq = 0;
            for (int k = from; k < to; k++) {
                int i = order[k];
                w += cells.weight[i];
                for (int c = 0; c < 3; c++) {
                    double v = cells.colour[3 * i + c];
                    s[c] += cells.weight[i] * v;
                    sq += cells.weight[i] * v * v;
                }
            }
            double[] mean = {s[0] / w, s[1] / w, s[2] / w};
            double error = sq - (s[0] * s[0] + s[1] * s[1] + s[2] * s[2]) / w;
            return new Box(from, to, w, mean, to - from > 1 ? Math.max(0, error) : 0);
        }
    }

    private static List<double[]> medianCut(Cells cells, int colours) {
        int[] order = new int[cells.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<Box> boxes = new ArrayList<>(List.of(Box.of(cells, order, 0, order.length)));
        while (boxes.size() < colours) {
            Box widest = null;
            for (Box b : boxes) {
                if (b.error() > 0 && (widest == null || b.error() > widest.error())) {
                    widest = b;
                }
            }
            if (widest == null) {
                break; // every box is one cell or one colour
            }
            boxes.remove(widest);
            boxes.addAll(split(cells, order, widest));
        }
        List<double[]> centres = new ArrayList<>();
        for (Box b : boxes) {
            centres.add(b.mean());
        }
        return centres;
    }

    /** Splits along the box's widest channel, where the two halves' squared errors add up least. */
    private static List<Box> split(Cells cells, int[] order, Box box) {
        int channel = widestChannel(cells, order, box);
        Integer[] part = new Integer[box.to() - box.from()];
        for (int k = 0; k < part.length; k++) {
            part[k] = order[box.from() + k];
        }
        Arrays.sort(part, Comparator.comparingDouble(i -> cells.colour[3 * i + channel]));
        for (int k = 0; k < part.length; k++) {
            order[box.from() + k] = part[k];
        }
        // Prefix sums along the sorted cells: the error of each half for every cut in one pass.
        int n = part.length;
        double[] w = new double[n + 1];
        double[][] s = new double[3][n + 1];
        double[] sq = new double[n + 1];
        for (int k = 0; k < n; k++) {
            int i = part[k];
            w[k + 1] = w[k] + cells.weight[i];
            double q = 0;
            for (int c = 0; c < 3; c++) {
                double v = cells.colour[3 * i + c];
                s[c][k + 1] = s[c][k] + cells.weight[i] * v;
                q += cells.weight[i] * v * v;
            }
            sq[k + 1] = sq[k] + q;
        }
        int bestCut = 1;
        double bestError = Double.POSITIVE_INFINITY;
        for (int cut = 1; cut < n; cut++) {
            double left = sq[cut] - square(s, 0, cut) / w[cut];
            double right = (sq[n] - sq[cut]) - square(s, cut, n) / (w[n] - w[cut]);
            if (left + right < bestError) {
                bestError = left + right;
                bestCut = cut;
            }
        }
        return List.of(Box.of(cells, order, box.from(), box.from() + bestCut),
                Box.of(cells, order, box.from() + bestCut, box.to()));
    }

    private static double square(double[][] s, int from, int to) {
        double total = 0;
        for (double[] channel : s) {
            double v = channel[to] - channel[from];
            total += v * v;
        }
        return total;
    }

    private static int widestChannel(Cells cells, int[] order, Box box) {
        double[] spread = new double[3];
        for (int k = box.from(); k < box.to(); k++) {
            int i = order[k];
            for (int c = 0; c < 3; c++) {
                double d = cells.colour[3 * i + c] - box.mean()[c];
                spread[c] += cells.weight[i] * d * d;
            }
        }
        return spread[0] >= spread[1] && spread[0] >= spread[2] ? 0 : spread[1] >= spread[2] ? 1 : 2;
    }

    /** One round of Lloyd's k-means over the cells, weighted by their pixels; an emptied centre stays. */
    private static List<double[]> kmeans(Cells cells, List<double[]> centres) {
        int k = centres.size();
        double[] sums = new double[3 * k];
        double[] weights = new double[k];
        for (int i = 0; i < cells.size(); i++) {
            double r = cells.colour[3 * i];
            double g = cells.colour[3 * i + 1];
            double b = cells.colour[3 * i + 2];
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                double[] c = centres.get(j);
                double dr = c[0] - r;
                double dg = c[1] - g;
                double db = c[2] - b;
                double dist = dr * dr + dg * dg + db * db;
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = j;
                }
            }
            weights[best] += cells.weight[i];
            sums[3 * best] += cells.weight[i] * r;
            sums[3 * best + 1] += cells.weight[i] * g;
            sums[3 * best + 2] += cells.weight[i] * b;
        }
        List<double[]> next = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            next.add(weights[j] > 0
                    ? new double[] {sums[3 * j] / weights[j], sums[3 * j + 1] / weights[j], sums[3 * j + 2] / weights[j]}
                    : centres.get(j));
        }
        return next;
    }
}
