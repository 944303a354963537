// The AWS services the components use, each imported from its own module. @pulumi/aws's index loads every one of its
// ~250 service modules (about 0.4 s of each `pulumi up` and plan); a service module loads only itself. Components
// import this as `aws`, so `aws.sesv2.EmailIdentity` reads as with the whole SDK.
export * as chatbot from "@pulumi/aws/chatbot";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as iam from "@pulumi/aws/iam";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as sesv2 from "@pulumi/aws/sesv2";
export * as sns from "@pulumi/aws/sns";
export * as synthetics from "@pulumi/aws/synthetics";
export { getIpRangesOutput } from "@pulumi/aws/getIpRanges";
