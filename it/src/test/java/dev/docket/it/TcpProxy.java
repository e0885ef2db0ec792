package dev.docket.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that forwards every connection to a target, and that a test can
 * {@link #cut} (every open connection closed, every new one closed as soon as it is accepted) and
 * {@link #restore}: a database that goes away and comes back, as a network partition or a restart
 * would look to a client, without touching the database itself.
 *
 * <p>Each connection is two virtual threads copying bytes one way each. Thread-safe.
 */
final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Thread acceptor;
  private final AtomicInteger turnedAway = new AtomicInteger();
  // guarded by this: whether the proxy is cut, and the sockets of the connections it forwards
  private boolean cut;
  private final Set<Socket> open = new HashSet<>();

  private TcpProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
    this.acceptor = Thread.ofVirtual().name("tcp-proxy-accept").start(this::acceptAll);
  }

  /** Starts forwarding a free loopback port to {@code host:port}. */
  static TcpProxy start(String host, int port) throws IOException {
    ServerSocket listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    return new TcpProxy(listener, new InetSocketAddress(host, port));
  }

  /** The port clients connect to. */
  int port() {
    return listener.getLocalPort();
  }

  /** Closes every open connection and, until {@link #restore}, every new one once accepted. */
  void cut() {
    List<Socket> closing;
    synchronized (this) {
      cut = true;
      closing = new ArrayList<>(open);
      open.clear();
    }
    closing.forEach(TcpProxy::closeQuietly);
  }

  /** Forwards new connections again. */
  synchronized void restore() {
    cut = false;
  }

  /** How many connections were closed on arrival because the proxy was cut. */
  int turnedAway() {
    return turnedAway.get();
  }

  @Override
  public void close() throws InterruptedException {
    closeQuietly(listener);
    cut();
    acceptor.join();
  }

  private void acceptAll() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      forward(client);
    }
  }

  private void forward(Socket client) {
    Socket server = new Socket();
    synchronized (this) {
      if (cut) {
        turnedAway.incrementAndGet();
        closeQuietly(client);
        return;
      }
      open.add(client);
      open.add(server);
    }
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                server.connect(target);
              } catch (IOException e) {
                close(client, server);
                return;
              }
              Thread.ofVirtual().start(() -> pump(client, server));
              pump(server, client);
            });
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int read; (read = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was cut
    } finally {
      close(from, to);
    }
  }

  private void close(Socket one, Socket other) {
    synchronized (this) {
      open.remove(one);
      open.remove(other);
    }
    closeQuietly(one);
    closeQuietly(other);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
