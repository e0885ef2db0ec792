package dev.docket.scheduler;

import dev.docket.model.ServiceException;

/** The failures the operations raise, with their messages in one place. Stateless. */
final class Failures {

  private Failures() {}

  /** AWS's message (recorded). */
  static ServiceException invalidExpression(String expression) {
    return validation("Invalid Schedule Expression " + expression + ".");
  }

  /** AWS's message. */
  static ServiceException scheduleNotFound(String name) {
    return new ServiceException(
        SchedulerError.RESOURCE_NOT_FOUND, "Schedule " + name + " does not exist.");
  }

  /** AWS's message. */
  static ServiceException groupNotFound(String name) {
    return new ServiceException(
        SchedulerError.RESOURCE_NOT_FOUND, "Schedule group " + name + " does not exist.");
  }

  /** AWS's message. */
  static ServiceException scheduleExists(String name) {
    return new ServiceException(SchedulerError.CONFLICT, "Schedule " + name + " already exists.");
  }

  /** Ours, in the style of the schedule's. */
  static ServiceException groupExists(String name) {
    return new ServiceException(
        SchedulerError.CONFLICT, "Schedule group " + name + " already exists.");
  }

  /** Ours: another writer changed the resource between our read and our write. */
  static ServiceException concurrentModification(String what) {
    return new ServiceException(
        SchedulerError.CONFLICT, what + " was modified concurrently; retry the request.");
  }

  static ServiceException validation(String message) {
    return new ServiceException(SchedulerError.VALIDATION, message);
  }
}
