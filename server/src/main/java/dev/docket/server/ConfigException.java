package dev.docket.server;

/**
 * The configuration is invalid: an unknown key, a value of the wrong type or out of range, an
 * unreadable file, or a combination that is unsafe (a public bind without access keys). The message
 * names the key and quotes the bad value; it is meant to be shown to the operator as is.
 */
public class ConfigException extends IllegalArgumentException {

  /** Creates an exception without a cause. */
  public ConfigException(String message) {
    super(message);
  }

  /** Creates an exception with a cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
