package io.neuralstyle.files;

/** The name a result gets when none is given: CONTENT-STYLE.png, the same from every front end. */
public final class OutputName {
    private OutputName() {
    }

    /**
     * CONTENT-STYLE.png, from the two file names without their extensions.
     *
     * @param content the photo's location: a file name, a path or a URI (the part after the last
     *                {@code /} is its name)
     * @param style   the painting's location, likewise
     */
    public static String of(String content, String style) {
        return stem(content) + "-" + stem(style) + ".png";
    }

    /** The file name without its extension ("photo" of "in/photo.jpg"; ".hidden" stays whole). */
    public static String stem(String location) {
        String name = fileName(location);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The part after the last {@code /} ("photo.jpg" of "in/photo.jpg"; a trailing {@code /} is dropped). */
    public static String fileName(String location) {
        String s = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
