package io.neuralstyle.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to what never reaches the studio's handlers (a malformed request line, headers too
 * large, a body the connector refuses) as the API's JSON error instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String reason = message == null || message.isBlank() ? "" : " (" + message.replaceAll("\\s+", " ") + ")";
        byte[] body = Json.write(Map.of("error", "the server could not take this request: HTTP " + code + reason
                + "; see the API in docs/web-studio.md")).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
