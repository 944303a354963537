import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { SendingIdentity, type SendingIdentityArgs } from "../../components/sending-identity";
import { TYPES } from "../../model/type-tokens";
import { childTypes, runComponent, runRecording } from "../helpers/component";

// Constructed with its own Args, no stack config. What mocks cannot prove: that SES accepts these values.
const ARGS: SendingIdentityArgs = { domain: "example.com", zoneId: "zone-1", region: "eu-west-1", mailFromDomain: "bounce.example.com", spfAll: "~all" };
const COMPONENT = "launch-ready:mail:SendingIdentity";
const build = (args: SendingIdentityArgs = ARGS) => () => new SendingIdentity("mail", args);
const dkimTokens = (outputs: Record<string, unknown>) => (outputs["dkimSigningAttributes"] as { tokens: string[] }).tokens;

describe("SendingIdentity, constructed directly", () => {
  it("creates one identity, its configuration set, its MAIL FROM and five records, all its own children", async () => {
    const stack = await runComponent(build());
    expect(childTypes(stack, COMPONENT)).toEqual({
      "aws:sesv2/configurationSet:ConfigurationSet": 1,
      "aws:sesv2/emailIdentity:EmailIdentity": 1,
      "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes": 1,
      [TYPES.dnsRecord]: 5,
    });
    expect(stack.resources.filter((r) => r.custom).every((r) => stack.parentOf(r)?.type === COMPONENT)).toBe(true);
  });

  it("signs with 2048-bit Easy DKIM, requires TLS, keeps reputation metrics and suppresses bounces and complaints", async () => {
    const stack = await runComponent(build());
    expect(stack.inputs(stack.named("mail-ses-config"))).toEqual({
      configurationSetName: "launch-ready-example-com",
      region: "eu-west-1",
      reputationOptions: { reputationMetricsEnabled: true },
      suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
      deliveryOptions: { tlsPolicy: "REQUIRE" },
    });
    expect(stack.inputs(stack.named("mail-ses-identity"))).toEqual({
      emailIdentity: "example.com",
      region: "eu-west-1",
      configurationSetName: "launch-ready-example-com",
      dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
    });
    // Falls back to SES's own MAIL FROM while the MX does not resolve, rather than refusing to send.
    expect(stack.inputs(stack.named("mail-ses-mail-from"))).toEqual({
      emailIdentity: "example.com",
      region: "eu-west-1",
      mailFromDomain: "bounce.example.com",
      behaviorOnMxFailure: "USE_DEFAULT_VALUE",
    });
  });

  it("publishes the three DKIM CNAMEs SES names and the MAIL FROM MX and SPF, unproxied with a one-hour TTL", async () => {
    const stack = await runComponent(build());
    const tokens = dkimTokens(stack.named("mail-ses-identity").outputs);
    expect(tokens).toHaveLength(3);
    const record = (name: string) => stack.inputs(stack.named(name));
    tokens.forEach((token, i) =>
      expect(record(`mail-ses-dkim-${i}`)).toEqual({ zoneId: "zone-1", ttl: 3600, proxied: false, type: "CNAME", name: `${token}._domainkey.example.com`, content: `${token}.dkim.amazonses.com` }),
    );
    expect(record("mail-mail-from-mx")).toEqual({ zoneId: "zone-1", ttl: 3600, proxied: false, type: "MX", name: "bounce.example.com", content: "feedback-smtp.eu-west-1.amazonses.com", priority: 10 });
    expect(record("mail-mail-from-spf")).toEqual({ zoneId: "zone-1", ttl: 3600, proxied: false, type: "TXT", name: "bounce.example.com", content: "v=spf1 include:amazonses.com ~all" });
  });

  it("leaves the DKIM names unknown on a first preview, when SES has not made the tokens yet", async () => {
    const stack = await runComponent(build(), { mode: "first-preview" });
    for (let i = 0; i < 3; i++) {
      const inputs = stack.named(`mail-ses-dkim-${i}`).inputs;
      expect([inputs["name"], inputs["content"]]).toEqual([pulumi.runtime.unknownValue, pulumi.runtime.unknownValue]);
    }
  });

  it("exposes SES's verdict on the identity, and registers it as its output", async () => {
    const stack = await runComponent(build());
    expect(stack.ofType(COMPONENT)[0]?.outputs).toEqual({ verificationStatus: "PENDING" });
  });

  it("replaces its records by deleting first, and aliases every child to the Email component it came from", async () => {
    const { stack, options, aliases } = await runRecording(build());
    for (const r of stack.ofType(TYPES.dnsRecord)) expect(options.get(r.name)?.deleteBeforeReplace).toBe(true);
    const formerParent = "urn:pulumi:test::launch-ready::launch-ready:mail:Email::mail";
    const children = stack.resources.filter((r) => r.custom);
    expect(children).toHaveLength(8);
    for (const r of children) {
      // A DNS record also carries its provider's alias, for the type it had before the provider renamed it.
      const provider = r.type === TYPES.dnsRecord ? [{ name: "", type: "cloudflare:index/record:Record", parentUrn: r.parent, noParent: false }] : [];
      expect(aliases.get(`${r.type}::${r.name}`)).toEqual([{ name: "", type: "", parentUrn: formerParent, noParent: false }, ...provider]);
    }
    expect(aliases.has(`${COMPONENT}::mail`)).toBe(false);
  });
});
