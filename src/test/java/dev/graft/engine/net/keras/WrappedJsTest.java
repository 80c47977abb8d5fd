package dev.graft.engine.net.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** npm's wrapped TF.js files are read as data: minified literals become the JSON they stand for. */
class WrappedJsTest {

    @Test
    void minifiedLiteralsBecomeStrictJson() throws Exception {
        String js = "!function(a){module.exports=a()}(function(){return {1:[function(a,n,i){n.exports={modelTopology:"
                + "{keras_version:\"2.2.4\",sparse:!1,trainable:!0,x:void 0},q:{min:-1.5218115974875057,scale:.0100,"
                + "big:12.5,neg:-.25,exp:1e-3,name:'a.5'}}},{}]}})";
        JsonObject o = JsonParser.parseString(WrappedJs.objectAsJson(js)).getAsJsonObject();
        JsonObject q = o.getAsJsonObject("q");
        assertEquals(-1.5218115974875057, q.get("min").getAsDouble());
        assertEquals(0.01, q.get("scale").getAsDouble());
        assertEquals(12.5, q.get("big").getAsDouble());
        assertEquals(-0.25, q.get("neg").getAsDouble());
        assertEquals(0.001, q.get("exp").getAsDouble());
        assertEquals("a.5", q.get("name").getAsString());
        JsonObject t = o.getAsJsonObject("modelTopology");
        assertEquals(false, t.get("sparse").getAsBoolean());
        assertEquals(true, t.get("trainable").getAsBoolean());
        assertEquals(true, t.get("x").isJsonNull());
    }

    @Test
    void shardsDecodeAndOtherFilesAreRefused() throws Exception {
        String js = "!function(d){}(function(){return {1:[function(d,h,Z){h.exports=\"AQID\"},{}]}})";
        assertArrayEquals(new byte[] {1, 2, 3}, WrappedJs.shardBytes(js));
        assertThrows(KerasFormatException.class, () -> WrappedJs.shardBytes("console.log('hi')"));
        assertThrows(KerasFormatException.class, () -> WrappedJs.objectAsJson(
                new String("alert(1)".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    }
}
