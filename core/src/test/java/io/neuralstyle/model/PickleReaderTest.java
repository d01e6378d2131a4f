package io.neuralstyle.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickleReaderTest {

    /*
     * Made by Python 3.11:
     *   d = collections.OrderedDict(); d["features.0.weight"] = [1, 2]
     *   d["x"] = (1.5, -7, 2**70, True, None, "ü")
     *   d._metadata = collections.OrderedDict([("", {"version": 1})])   # as nn.Module.state_dict() does
     *   pickle.dumps(d, protocol=2).hex(), pickle.dumps(d, protocol=4).hex()
     */
    private static final String PROTOCOL_2 = "800263636f6c6c656374696f6e730a4f726465726564446963740a71002952710128"
            + "581100000066656174757265732e302e77656967687471025d7103284b014b0265580100000078710428473ff800000000"
            + "00004af9ffffff8a09000000000000000040884e5802000000c3bc7105747106757d710758090000005f6d65746164617461"
            + "71086800295271095800000000710a7d710b580700000076657273696f6e710c4b01737373622e";
    private static final String PROTOCOL_4 = "8004958f000000000000008c0b636f6c6c656374696f6e73948c0b4f7264657265644469"
            + "6374949394295294288c1166656174757265732e302e776569676874945d94284b014b02658c01789428473ff8000000000000"
            + "4af9ffffff8a09000000000000000040884e8c02c3bc947494757d948c095f6d657461646174619468022952948c00947d948c"
            + "0776657273696f6e944b01737373622e";

    private static Object load(String hex) throws IOException {
        byte[] bytes = HexFormat.of().parseHex(hex);
        return new PickleReader(new TorchWeightsReader.BytesInput(bytes), "test.pkl", (g, a) -> null, pid -> pid).load();
    }

    @Test
    void readsOrderedDictWithMetadataInBothProtocols() throws IOException {
        for (String hex : List.of(PROTOCOL_2, PROTOCOL_4)) {
            Map<?, ?> d = assertInstanceOf(Map.class, load(hex));
            assertEquals(List.of("features.0.weight", "x"), List.copyOf(d.keySet()), "order kept, _metadata dropped");
            assertEquals(List.of(1L, 2L), d.get("features.0.weight"));
            List<?> t = assertInstanceOf(List.class, d.get("x"));
            assertEquals(1.5, t.get(0));
            assertEquals(-7L, t.get(1));
            assertEquals(BigInteger.TWO.pow(70), t.get(2));
            assertEquals(Boolean.TRUE, t.get(3));
            assertNull(t.get(4));
            assertEquals("ü", t.get(5));
        }
    }

    @Test
    void unknownOpcodeNamesFileAndOpcode() {
        WeightsException e = assertThrows(WeightsException.class, () -> load("8002ff"));
        assertTrue(e.getMessage().contains("test.pkl"), e.getMessage());
        assertTrue(e.getMessage().contains("0xff"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void endOfDataInsideAPickleIsAnEof() {
        assertThrows(EOFException.class, () -> load(PROTOCOL_2.substring(0, 60)));
    }

    @Test
    void doesNotCallGlobals() throws IOException {
        // pickle.dumps(os.system) style: GLOBAL 'os system', then REDUCE with ('echo hi',)
        Object o = load("8002636f730a73797374656d0a58070000006563686f20686985522e");
        PickleReader.PyObject p = assertInstanceOf(PickleReader.PyObject.class, o);
        assertEquals("os.system", p.type.qualified());
    }
}
