package dev.docket.sts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.AwsService;
import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.model.ServiceModel;
import dev.docket.model.SessionTokens;
import dev.docket.model.ValidationProblem;
import dev.docket.store.ResourceStore;
import java.util.Objects;

/**
 * The AWS Security Token Service (awsQuery, signing name {@code sts}): {@code GetCallerIdentity}
 * and {@code AssumeRole} ({@code RoleSessions}); every other STS operation answers {@code
 * UnsupportedOperation} naming it. Who the caller is comes from the wire layer ({@link
 * RequestContext#principal()}); the session tokens it hands out are sealed with {@link #tokens()},
 * which the server passes to the wire layer to open them. Thread-safe: immutable state only.
 */
public final class StsService implements AwsService {

  /** The classpath resource of the STS model extract. */
  public static final String MODEL_RESOURCE = "/dev/docket/model/aws/sts.json";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ServiceModel MODEL = ServiceModel.load(MODEL_RESOURCE);

  private final SessionTokens tokens;
  private final RoleSessions sessions;

  /**
   * Creates the service, loading (or on first start creating) the server key in the store.
   *
   * @param resources where the server key lives
   * @param config cross-account roles and organizations
   */
  public StsService(ResourceStore resources, StsConfig config) {
    this(SessionKeys.loadOrCreate(Objects.requireNonNull(resources, "resources")), config);
  }

  /** Creates the service over a given key (tests). */
  public StsService(SessionTokens tokens, StsConfig config) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.sessions = new RoleSessions(Objects.requireNonNull(config, "config"), tokens);
  }

  /** The session tokens this service seals; the wire layer opens requests' tokens with them. */
  public SessionTokens tokens() {
    return tokens;
  }

  @Override
  public ServiceModel model() {
    return MODEL;
  }

  @Override
  public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
    return switch (operation) {
      case "GetCallerIdentity" -> callerIdentity(context.principal());
      case "AssumeRole" -> sessions.assumeRole(input, context);
      default ->
          throw new ServiceException(
              StsError.UNSUPPORTED_OPERATION,
              operation
                  + " is not supported by Docket; it serves GetCallerIdentity and AssumeRole");
    };
  }

  @Override
  public ServiceException validationFailed(ValidationProblem problem) {
    return new ServiceException(StsError.VALIDATION, problem.message());
  }

  private static ObjectNode callerIdentity(Principal principal) {
    ObjectNode output = NODES.objectNode();
    output.put("UserId", UniqueIds.userId(principal));
    output.put("Account", principal.account());
    output.put("Arn", principal.arn());
    return output;
  }
}
