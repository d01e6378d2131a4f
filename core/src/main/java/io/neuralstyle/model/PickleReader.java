package io.neuralstyle.model;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A small Python pickle virtual machine: the opcodes of protocols 2 to 5 that PyTorch state_dicts
 * use, and nothing that runs code. Callables are never called; {@code GLOBAL} gives a {@link Global}
 * and {@code REDUCE} asks a {@link Reducer} what to build, falling back to an inert
 * {@link PyObject}. Python values map to Java as: str to String, bytes to byte[], int to Long (or
 * BigInteger when it does not fit), float to Double, bool to Boolean, None to null, tuple and list
 * to {@code List<Object>}, dict to {@code LinkedHashMap<Object, Object>} (insertion order kept).
 */
final class PickleReader {

    /** Bytes in, one at a time or in runs; -1 from read() at the end. */
    interface Input {
        int read() throws IOException;

        void readFully(byte[] b) throws IOException;
    }

    /** A module-level name: {@code collections.OrderedDict}, {@code torch.FloatStorage}. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }

        @Override
        public String toString() {
            return qualified();
        }
    }

    /** What a REDUCE or NEWOBJ builds when no reducer knows the callable; BUILD state kept. */
    static final class PyObject {
        final Global type;
        final List<Object> args;
        Object state;

        PyObject(Global type, List<Object> args) {
            this.type = type;
            this.args = args;
        }

        @Override
        public String toString() {
            return type + "(...)";
        }
    }

    /** Builds the result of {@code callable(*args)}, or returns null to get a plain PyObject. */
    interface Reducer {
        Object reduce(Global callable, List<Object> args);
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final Input in;
    private final String file;
    private final Reducer reducer;
    private final Function<Object, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param file           for messages
     * @param persistentLoad turns a persistent id (BINPERSID) into an object
     */
    PickleReader(Input in, String file, Reducer reducer, Function<Object, Object> persistentLoad) {
        this.in = in;
        this.file = file;
        this.reducer = reducer;
        this.persistentLoad = persistentLoad;
    }

    /** Reads one pickle, up to and including its STOP, and returns its object. */
    Object load() throws IOException {
        stack.clear();
        marks.clear();
        memo.clear();
        while (true) {
            int op = in.read();
            if (op < 0) {
                throw new EOFException("end of file inside a pickle");
            }
            switch (op) {
                case 0x80 -> in.read(); // PROTO n
                case 0x95 -> readLong(8); // FRAME length: frames are just bytes in sequence
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(Collections.emptyList()); // EMPTY_TUPLE
                case '(' -> { // MARK
                    marks.push(stack.size());
                    push(MARK);
                }
                case 'X' -> push(utf8(readLength(4))); // BINUNICODE
                case 0x8c -> push(utf8(readLength(1))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(readLength(8))); // BINUNICODE8
                case 'T' -> push(latin1(readLength(4))); // BINSTRING (Python 2 str)
                case 'U' -> push(latin1(readLength(1))); // SHORT_BINSTRING
                case 'B' -> push(readBytes(readLength(4))); // BINBYTES
                case 'C' -> push(readBytes(readLength(1))); // SHORT_BINBYTES
                case 0x8e -> push(readBytes(readLength(8))); // BINBYTES8
                case 'q' -> memo.put(readLong(1), top()); // BINPUT
                case 'r' -> memo.put(readLong(4), top()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                case 'h' -> push(memoGet(readLong(1))); // BINGET
                case 'j' -> push(memoGet(readLong(4))); // LONG_BINGET
                case 'c' -> push(new Global(readLine(), readLine())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    push(new Global(String.valueOf(module), String.valueOf(name)));
                }
                case 'Q' -> push(persistentLoad.apply(pop())); // BINPERSID
                case 't' -> push(Collections.unmodifiableList(popMark())); // TUPLE
                case 0x85 -> push(tuple(1)); // TUPLE1
                case 0x86 -> push(tuple(2)); // TUPLE2
                case 0x87 -> push(tuple(3)); // TUPLE3
                case 'l' -> push(popMark()); // LIST
                case 'd' -> { // DICT
                    List<Object> items = popMark();
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        map.put(items.get(i), items.get(i + 1));
                    }
                    push(map);
                }
                case 'J' -> push((long) readInt32()); // BININT
                case 'K' -> push(readLong(1)); // BININT1
                case 'M' -> push(readLong(2)); // BININT2
                case 0x8a -> push(readPythonLong(readLength(1))); // LONG1
                case 0x8b -> push(readPythonLong(readLength(4))); // LONG4
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 'N' -> push(null); // NONE
                case 'G' -> push(Double.longBitsToDouble(readBigEndianLong())); // BINFLOAT
                case 'R', 0x81 -> { // REDUCE, NEWOBJ
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 'b' -> { // BUILD: state only kept on inert objects (a state_dict's _metadata is dropped)
                    Object state = pop();
                    if (top() instanceof PyObject o) {
                        o.state = state;
                    }
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    asMap(top()).put(key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    Map<Object, Object> map = asMap(top());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        map.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'a' -> { // APPEND
                    Object value = pop();
                    asList(top()).add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    asList(top()).addAll(items);
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(top()); // DUP
                case '.' -> { // STOP
                    return pop();
                }
                default -> throw new WeightsException(file + ": unsupported pickle opcode 0x"
                        + String.format("%02x", op) + " (not a PyTorch state_dict this reader knows);"
                        + " check the file or pass another with --weights");
            }
        }
    }

    private Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global g)) {
            throw corrupt("REDUCE of a non-global " + callable);
        }
        List<Object> list = args instanceof List<?> l ? castList(l) : List.of();
        if (g.module().equals("collections") && g.name().equals("OrderedDict")) {
            Map<Object, Object> map = new LinkedHashMap<>();
            if (!list.isEmpty() && list.get(0) instanceof List<?> pairs) {
                for (Object pair : pairs) {
                    if (pair instanceof List<?> kv && kv.size() == 2) {
                        map.put(kv.get(0), kv.get(1));
                    }
                }
            }
            return map;
        }
        Object built = reducer.reduce(g, list);
        return built != null ? built : new PyObject(g, list);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> l) {
        return (List<Object>) l;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        if (o instanceof PyObject p) { // a dict subclass: keep its items as its state
            if (!(p.state instanceof Map)) {
                p.state = new LinkedHashMap<>();
            }
            return (Map<Object, Object>) p.state;
        }
        throw corrupt("SETITEM on " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o) {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw corrupt("APPEND on " + describe(o));
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private WeightsException corrupt(String what) {
        return new WeightsException(file + ": malformed pickle (" + what + "); check the file or pass another with --weights");
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw corrupt("pop from an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.isEmpty()) {
            throw corrupt("empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("no MARK");
        }
        int m = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private List<Object> tuple(int n) {
        if (stack.size() < n) {
            throw corrupt("tuple of " + n + " from a short stack");
        }
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return Collections.unmodifiableList(items);
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw corrupt("memo key " + key + " not set");
        }
        return memo.get(key);
    }

    /** Unsigned little-endian integer of n bytes (n <= 8). */
    private long readLong(int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) readByte() << (8 * i);
        }
        return v;
    }

    private int readInt32() throws IOException {
        return (int) readLong(4);
    }

    private long readBigEndianLong() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | readByte();
        }
        return v;
    }

    private int readLength(int n) throws IOException {
        long len = readLong(n);
        if (len < 0 || len > Integer.MAX_VALUE - 16) {
            throw corrupt("length " + len);
        }
        return (int) len;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("end of file inside a pickle");
        }
        return b;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private String utf8(int n) throws IOException {
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    private String latin1(int n) throws IOException {
        return new String(readBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** Python's LONG1/LONG4: little-endian two's complement; a Long when it fits. */
    private Object readPythonLong(int n) throws IOException {
        byte[] le = readBytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = readByte()) != '\n') {
            sb.append((char) b);
            if (sb.length() > 4096) {
                throw corrupt("GLOBAL name too long");
            }
        }
        return sb.toString();
    }
}
