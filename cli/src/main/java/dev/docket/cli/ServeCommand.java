package dev.docket.cli;

import dev.docket.server.ConfigException;
import dev.docket.server.ConfigKeys;
import dev.docket.server.ConfigLoader;
import dev.docket.server.DocketServer;
import dev.docket.server.ServerConfig;
import dev.docket.server.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code docket serve}: starts a {@link DocketServer} and keeps it running until SIGTERM or SIGINT,
 * then closes it (wire server, services, store, in that order) and exits 0.
 *
 * <p>Flags override the configuration file and the environment. Not thread-safe; one instance per
 * command line.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Runs the server until stopped with SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port (default 4566; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default 127.0.0.1; others require access keys).")
  String bind;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Directory of the database (default ./data).")
  Path dataDirectory;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file; see docs/configuration.md.")
  Path configFile;

  @Option(
      names = {"-v", "--verbose"},
      description = "Debug logging, and stack traces on failure.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() {
    if (verbose) {
      ConsoleLogging.verbose();
    } else {
      ConsoleLogging.quietStart();
    }
    DocketServer server;
    try {
      server = DocketServer.start(config());
    } catch (ConfigException | StartupException e) {
      return fail(e);
    } finally {
      ConsoleLogging.started();
    }
    // Signals we handle ourselves, so a clean stop exits 0; the hook covers everything else.
    Thread hook = new Thread(server::close, "docket-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    handle("TERM");
    handle("INT");
    awaitStop();
    LOG.info("Stopping Docket");
    try {
      server.close();
    } catch (RuntimeException e) {
      return fail(e);
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }

  ServerConfig config() {
    ConfigLoader loader = new ConfigLoader().systemEnvironment();
    if (configFile != null) {
      loader.file(configFile);
    }
    if (port != null) {
      loader.override(ConfigKeys.SERVER_PORT.name(), port.toString());
    }
    if (bind != null) {
      loader.override(ConfigKeys.SERVER_BIND.name(), bind);
    }
    if (dataDirectory != null) {
      loader.override(ConfigKeys.STORE_DATA_DIR.name(), dataDirectory.toString());
    }
    return loader.load();
  }

  private void awaitStop() {
    boolean interrupted = false;
    while (true) {
      try {
        stop.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // only a signal stops the server
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private int fail(RuntimeException e) {
    // picocli's writer when picocli parsed the command line, so tests can capture it
    PrintWriter err =
        spec == null ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
    err.println("docket: " + e.getMessage());
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return Main.STARTUP_FAILURE;
  }

  private void handle(String signal) {
    try {
      Signal.handle(new Signal(signal), s -> stop.countDown());
    } catch (IllegalArgumentException e) {
      // -Xrs or an unsupported platform: the shutdown hook still closes the server
      LOG.log(Level.FINE, "Cannot handle SIG" + signal, e);
    }
  }
}
