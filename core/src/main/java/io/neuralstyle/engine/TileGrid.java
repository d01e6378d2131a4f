package io.neuralstyle.engine;

import io.neuralstyle.model.Vgg19;
import java.util.ArrayList;
import java.util.List;

/**
 * How an image is cut into tiles for {@link TiledObjective}: plain geometry, with no network, so
 * that memory estimates and plans can use it before anything is built.
 *
 * <p>The image is partitioned into <em>cores</em> whose starts are multiples of {@link #STRIDE}, so
 * that every tile's pooling grid coincides with the whole image's. A tile is its core grown by a
 * halo on every side (clipped to the image), wide enough that the zero padding at the tile's border
 * cannot reach the core's features at the deepest layer.
 *
 * @param tiles the tiles in reading order
 */
public record TileGrid(int width, int height, int core, int halo, List<Tile> tiles) {
    /** The stride of the deepest pooling before conv5_x: tiles start on its grid. */
    public static final int STRIDE = Vgg19.DEEPEST_STRIDE;

    /** One tile: its core [x0, x1) x [y0, y1) and the tile [tx0, tx1) x [ty0, ty1) around it. */
    public record Tile(int x0, int y0, int x1, int y1, int tx0, int ty0, int tx1, int ty1) {
        public int tileWidth() {
            return tx1 - tx0;
        }

        public int tileHeight() {
            return ty1 - ty0;
        }
    }

    public TileGrid {
        tiles = List.copyOf(tiles);
    }

    /**
     * The grid of an image with cores of side {@code core} and the halo the deepest layer needs.
     *
     * @param core side of a core in pixels, a positive multiple of {@link #STRIDE}
     */
    public static TileGrid of(int width, int height, int core, String deepestLayer) {
        return of(width, height, core, halo(deepestLayer));
    }

    /** With a given halo: the tests use a too small one to show that the halo matters. */
    static TileGrid of(int width, int height, int core, int halo) {
        if (core <= 0 || core % STRIDE != 0) {
            throw new IllegalArgumentException("the tile core must be a positive multiple of " + STRIDE + " pixels, got "
                    + core);
        }
        List<Tile> out = new ArrayList<>();
        for (int[] ys : spans(height, core)) {
            for (int[] xs : spans(width, core)) {
                out.add(new Tile(xs[0], ys[0], xs[1], ys[1], Math.max(0, xs[0] - halo), Math.max(0, ys[0] - halo),
                        Math.min(width, xs[1] + halo), Math.min(height, ys[1] + halo)));
            }
        }
        return new TileGrid(width, height, core, halo, out);
    }

    /**
     * The halo a tile needs around its core so that the core's features at {@code deepest} do not
     * see the tile's zero padding: each 3x3 convolution widens a feature's reach by one position of
     * its layer (its stride in pixels), and the aligned 2x2 poolings add nothing. Rounded up to
     * {@link #STRIDE} to keep tiles on the pooling grid. 70 pixels (so 80) for conv5_1.
     */
    public static int halo(String deepest) {
        int last = Vgg19.index(deepest);
        int reach = 0;
        for (int i = 0; i <= last; i++) {
            reach += Vgg19.stride(Vgg19.LAYERS.get(i));
        }
        return (reach + STRIDE - 1) / STRIDE * STRIDE;
    }

    /** The side of a full (unclipped) tile with the given core, for memory estimates. */
    public static int tileSide(int core, String deepest) {
        return core + 2 * halo(deepest);
    }

    /**
     * [start, end) spans of one side; a remainder under one stride joins the span before it, so
     * that every core keeps at least one position at the deepest layers.
     */
    private static List<int[]> spans(int length, int core) {
        List<int[]> out = new ArrayList<>();
        for (int start = 0; start < length; start += core) {
            int end = Math.min(length, start + core);
            if (end - start < STRIDE && !out.isEmpty()) {
                out.get(out.size() - 1)[1] = end;
            } else {
                out.add(new int[] {start, end});
            }
        }
        return out;
    }

    public int tileCount() {
        return tiles.size();
    }

    /** The largest tile's width and height. */
    public int[] largestTile() {
        int w = 0;
        int h = 0;
        for (Tile t : tiles) {
            w = Math.max(w, t.tileWidth());
            h = Math.max(h, t.tileHeight());
        }
        return new int[] {w, h};
    }
}
