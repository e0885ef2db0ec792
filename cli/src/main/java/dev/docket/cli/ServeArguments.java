package dev.docket.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the everyday {@code docket serve [--port N] [--bind A] [--data-dir D] [--config F] [-v]}
 * without picocli, which costs a quarter of a second of a cold start (its classes are Java 5
 * bytecode that no class-data archive can hold, and it reads annotations through proxies) against a
 * start-up budget of one second.
 *
 * <p>It accepts only what picocli would accept with the same meaning and declines everything else
 * (help, version, repeated or unknown options, values picocli would reject), so picocli still
 * answers every other command line and reports every error. {@code ServeArgumentsTest} checks the
 * two agree. Stateless and thread-safe.
 */
final class ServeArguments {

  private ServeArguments() {}

  /** The serve command for {@code args}, or empty when picocli must parse them. */
  static Optional<ServeCommand> parse(String... args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      return Optional.empty();
    }
    ServeCommand serve = new ServeCommand();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-v") || arg.equals("--verbose")) {
        if (!seen.add("--verbose")) {
          return Optional.empty();
        }
        serve.verbose = true;
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals > 0 ? arg.substring(0, equals) : arg;
      String value;
      if (equals > 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return Optional.empty();
      }
      if (!seen.add(name) || !plain(value) || !set(serve, name, value)) {
        return Optional.empty();
      }
    }
    return Optional.of(serve);
  }

  /** Not empty, not option-like, not an {@code @file} picocli would expand. */
  private static boolean plain(String value) {
    return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
  }

  private static boolean set(ServeCommand serve, String name, String value) {
    try {
      switch (name) {
        case "--port" -> {
          if (!value.matches("0|[1-9][0-9]{0,8}")) {
            return false; // leave octal, hex and signs to picocli's own conversion
          }
          serve.port = Integer.valueOf(value);
        }
        case "--bind" -> serve.bind = value;
        case "--data-dir" -> serve.dataDirectory = Path.of(value);
        case "--config" -> serve.configFile = Path.of(value);
        default -> {
          return false;
        }
      }
      return true;
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
