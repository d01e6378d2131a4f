package io.neuralstyle.video;

import io.neuralstyle.image.Image;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

/**
 * Dense optical flow between two frames by OpenCV's DIS method (Kroeger et al. 2016): its MEDIUM
 * preset refined down to full resolution (the preset stops at half, which on the 128 px test clip
 * left a mean endpoint error of 0.44 px against the true flow, and the consistency check dropped a
 * sixth of the background). Milliseconds per pair at the sizes we paint, where the flow programs
 * Ruder et al. used take minutes. Frames are compared as 8-bit luma, as DIS requires.
 *
 * <p>OpenCV 4.10's DIS (through JavaCPP 1.5.11) reads a little outside the images it is given: in a
 * process that had run the network, a frame buffer that ended at a page boundary crashed the JVM
 * (a segmentation fault in libopencv_video, SEGV_ACCERR, reproduced every time at 128x96 after a few
 * painted frames, and at 200x150, 256x192 and 512x384 when buffers were freed and reallocated). So
 * each image and the flow live inside a larger buffer, {@link #MARGIN_ROWS} spare rows above and
 * below; and each frame size gets its own DIS object and buffers, made on first use and never freed
 * (a DIS object meeting another size is also reported to misbehave, opencv_contrib issue 1355). They
 * cost a few bytes per pixel for each size a process uses, usually one. Calls are serialized. The
 * flow buffer is cleared before each call, so that a flow depends on its two frames alone.
 */
public final class OpticalFlow {
    /** Spare rows above and below each image and flow, for DIS to read past the edges into. */
    static final int MARGIN_ROWS = 16;
    /** Per frame size: the DIS object, and the two frames' and the flow's buffers. */
    private static final Map<List<Integer>, Sized> BY_SIZE = new HashMap<>();

    /** The views DIS works on, and the larger buffers they live in (held so that they are never freed). */
    private record Sized(DISOpticalFlow dis, Mat from, Mat to, Mat flow, List<Mat> buffers) {
        static Sized of(int w, int h) {
            List<Mat> buffers = List.of(new Mat(h + 2 * MARGIN_ROWS, w, opencv_core.CV_8UC1),
                    new Mat(h + 2 * MARGIN_ROWS, w, opencv_core.CV_8UC1),
                    new Mat(h + 2 * MARGIN_ROWS, w, opencv_core.CV_32FC2));
            for (Mat m : buffers) {
                m.put(new Scalar(0.0)); // what DIS reads past the edges is then the same every run
            }
            return new Sized(create(), inner(buffers.get(0), h), inner(buffers.get(1), h), inner(buffers.get(2), h),
                    buffers);
        }

        private static Mat inner(Mat buffer, int h) {
            return buffer.rowRange(MARGIN_ROWS, MARGIN_ROWS + h);
        }
    }

    private OpticalFlow() {
    }

    private static DISOpticalFlow create() {
        DISOpticalFlow dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM);
        // MEDIUM's patch size, stride and refinement, but down to the finest pyramid level.
        dis.setFinestScale(0);
        return dis;
    }

    /** The flow from {@code from} to {@code to}: where each pixel of {@code from} is in {@code to}. */
    public static synchronized Flow between(Image from, Image to) {
        if (from.width() != to.width() || from.height() != to.height()) {
            throw new IllegalArgumentException("flow between frames of different sizes: " + from + " and " + to);
        }
        int w = from.width();
        int h = from.height();
        Sized s = BY_SIZE.computeIfAbsent(List.of(w, h), size -> Sized.of(w, h));
        Mat flow = s.flow();
        // DIS takes a flow buffer of the frames' size as its starting guess: left as it was, the last
        // pair's flow would steer this one, and a resumed run (no last pair) would paint other frames.
        flow.put(new Scalar(0.0));
        s.from().data().put(luma(from));
        s.to().data().put(luma(to));
        s.dis().calc(s.from(), s.to(), flow);
        float[] dx = new float[w * h];
        float[] dy = new float[w * h];
        FloatIndexer index = flow.createIndexer();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dx[y * w + x] = index.get(y, x, 0);
                dy[y * w + x] = index.get(y, x, 1);
            }
        }
        return new Flow(w, h, dx, dy);
    }

    private static byte[] luma(Image image) {
        int plane = image.pixels();
        float[] d = image.data();
        byte[] bytes = new byte[plane];
        for (int i = 0; i < plane; i++) {
            double y = 0.299 * d[i] + 0.587 * d[plane + i] + 0.114 * d[2 * plane + i];
            bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, y)) * 255);
        }
        return bytes;
    }
}
