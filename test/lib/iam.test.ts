import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isExactArn, secretsReadPolicy } from "../../lib/iam";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:example.com/prod/sessionSecret-AbC123";
const OTHER = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:example.com/prod/stripeKey-XyZ789";

describe("secretsReadPolicy", () => {
  it("allows GetSecretValue on exactly the given secrets", () => {
    expect(secretsReadPolicy([ARN, OTHER])).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "ReadAppSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [ARN, OTHER] }],
    });
  });

  it("fails without a secret", () => {
    expect(() => secretsReadPolicy([])).toThrow("A secrets read policy needs at least one secret ARN.");
  });

  it.each(["*", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:example.com/prod/db-??????", "sessionSecret"])(
    "fails on %s, which is not one exact secret",
    (arn) => {
      expect(() => secretsReadPolicy([ARN, arn])).toThrow(`A secrets read policy names exact secret ARNs; received ${arn}.`);
    },
  );
});

describe("isExactArn", () => {
  it("accepts ARNs of the aws, aws-cn and aws-us-gov partitions, and global services without a region", () => {
    expect(isExactArn(ARN)).toBe(true);
    expect(isExactArn("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbC123")).toBe(true);
    expect(isExactArn("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x-AbC123")).toBe(true);
    expect(isExactArn("arn:aws:iam::123456789012:policy/read")).toBe(true);
  });

  it("refuses any ARN with a wildcard character", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.constantFrom("*", "?"), fc.string({ maxLength: 20 }), (before, wildcard, after) => {
        expect(isExactArn(`arn:aws:secretsmanager:eu-west-1:123456789012:secret:${before}${wildcard}${after}`)).toBe(false);
      }),
    );
  });
});
