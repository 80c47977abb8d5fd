package dev.graft.engine.net.keras;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The form npm packages (nsfwjs) ship TF.js models in: each file a minified CommonJS/UMD module,
 * {@code model.min.js} exporting the model.json object as a JavaScript literal and each
 * {@code group1-shardNofM.min.js} exporting its bytes as a base64 string. Graft never runs them:
 * it reads the literal (turned into strict JSON) and decodes the string.
 */
final class WrappedJs {

    private WrappedJs() {}

    /**
     * The exported object literal of a wrapped model file, as JSON text.
     *
     * @param js the file's text
     * @return JSON
     * @throws KerasFormatException if there is no exported object
     */
    static String objectAsJson(String js) throws KerasFormatException {
        int at = js.indexOf("exports={");
        if (at < 0) {
            throw new KerasFormatException("Not a wrapped TF.js model (no exported object).");
        }
        int start = at + "exports=".length();
        StringBuilder out = new StringBuilder(js.length());
        int depth = 0;
        int i = start;
        while (i < js.length()) {
            char c = js.charAt(i);
            if (c == '"' || c == '\'') {
                int end = stringEnd(js, i);
                out.append('"').append(js, i + 1, end - 1).append('"');
                i = end;
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            if (c == '!' && i + 1 < js.length() && (js.charAt(i + 1) == '0' || js.charAt(i + 1) == '1')) {
                out.append(js.charAt(i + 1) == '0' ? "true" : "false");
                i += 2;
                continue;
            }
            if (c == '.' && i + 1 < js.length() && Character.isDigit(js.charAt(i + 1))
                    && (i == 0 || !Character.isDigit(js.charAt(i - 1)))) {
                // minified ".5" is 0.5; the point of "1.5" is left alone
                out.append("0.");
                i++;
                continue;
            }
            if (Character.isJavaIdentifierStart(c) && !isWordBefore(js, i)) {
                int j = i;
                while (j < js.length() && Character.isJavaIdentifierPart(js.charAt(j))) {
                    j++;
                }
                String word = js.substring(i, j);
                int k = j;
                while (k < js.length() && Character.isWhitespace(js.charAt(k))) {
                    k++;
                }
                boolean key = k < js.length() && js.charAt(k) == ':';
                out.append(key ? "\"" + word + "\"" : word.equals("void") ? "null" : word);
                i = word.equals("void") ? skipVoid(js, j) : j;
                continue;
            }
            out.append(c);
            i++;
            if (depth == 0) {
                return out.toString();
            }
        }
        throw new KerasFormatException("The wrapped TF.js model ends before its object does.");
    }

    private static boolean isWordBefore(String s, int i) {
        return i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_');
    }

    private static int skipVoid(String js, int j) {
        int k = j;
        while (k < js.length() && (Character.isWhitespace(js.charAt(k)) || Character.isDigit(js.charAt(k)))) {
            k++;
        }
        return k;
    }

    private static int stringEnd(String s, int start) throws KerasFormatException {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        throw new KerasFormatException("Unterminated string in a wrapped TF.js file.");
    }

    /**
     * The bytes of a wrapped weight shard.
     *
     * @param js the file's text
     * @return the decoded bytes
     * @throws KerasFormatException if there is no exported base64 string
     */
    static byte[] shardBytes(String js) throws KerasFormatException {
        int at = js.indexOf("exports=\"");
        if (at < 0) {
            throw new KerasFormatException("Not a wrapped TF.js weight shard (no exported base64 text).");
        }
        int start = at + "exports=\"".length();
        int end = js.indexOf('"', start);
        if (end < 0) {
            throw new KerasFormatException("The wrapped weight shard ends before its text does.");
        }
        try {
            return Base64.getDecoder().decode(js.substring(start, end).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new KerasFormatException("The wrapped weight shard is not base64: " + e.getMessage(), e);
        }
    }
}
