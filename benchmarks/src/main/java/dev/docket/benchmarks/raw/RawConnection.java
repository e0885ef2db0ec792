package dev.docket.benchmarks.raw;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection that writes pre-encoded requests and reads responses with a
 * {@code Content-Length} (or chunked) body. Not thread-safe: one worker owns one connection.
 */
final class RawConnection implements AutoCloseable {

  /** A response: its status and body bytes. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private final byte[] line = new byte[8192];

  RawConnection(String host, int port) {
    this.host = host;
    this.port = port;
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(30_000);
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  /** Sends one whole request and reads its response; reconnects once if the server had closed. */
  Response exchange(byte[] request) throws IOException {
    if (socket == null) {
      open();
    }
    try {
      return send(request);
    } catch (IOException e) {
      close();
      open();
      return send(request);
    }
  }

  private Response send(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    String status = readLine();
    if (status == null) {
      throw new IOException("connection closed");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    int length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String header = readLine(); header != null && !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
        closeAfter = true;
      }
    }
    byte[] body;
    if (chunked) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
        if (size == 0) {
          readLine();
          break;
        }
        all.write(in.readNBytes(size));
        readLine();
      }
      body = all.toByteArray();
    } else {
      body = length <= 0 ? new byte[0] : in.readNBytes(length);
    }
    if (closeAfter) {
      close();
    }
    return new Response(code, body);
  }

  private String readLine() throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (b == '\n') {
        if (n > 0 && line[n - 1] == '\r') {
          n--;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (n < line.length) {
        line[n++] = (byte) b;
      }
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
