/** An authorizer setting the broker cannot follow; the message names the flag or key and what to give. */
export class AuthorizerConfigError extends Error {
  override readonly name = 'AuthorizerConfigError';
}

/** Kafka's authorizers, by the class names a server.properties gives; all mean the one ACL authorizer here. */
const KAFKA_AUTHORIZERS = ['org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'kafka.security.authorizer.AclAuthorizer', 'kafka.security.auth.SimpleAclAuthorizer'];
/** The short names the command line takes. */
const SHORT_NAMES = ['acl', 'standard', 'StandardAuthorizer', 'AclAuthorizer'];

/** Whether an authorizer name turns ACLs on: an empty one (Kafka's default) does not; an unknown one is refused. */
export function parseAuthorizer(value: string, where: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  if (KAFKA_AUTHORIZERS.includes(v) || SHORT_NAMES.includes(v)) return true;
  throw new AuthorizerConfigError(`${where}: unknown authorizer "${value}"; give acl (or Kafka's org.apache.kafka.metadata.authorizer.StandardAuthorizer), or leave it empty for none`);
}

/** Kafka's super.users: principals separated by semicolons (`User:admin;User:ops`). */
export function parseSuperUsers(value: string, where: string): string[] {
  const users = value
    .split(';')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  const bad = users.find((u) => !/^[^:]+:.+$/.test(u));
  if (bad !== undefined) throw new AuthorizerConfigError(`${where}: "${bad}" is not a principal; write User:NAME, several separated by ";" (User:admin;User:ops)`);
  return users;
}
