/**
 * Where a site's host records point, and what a person must do at that host before it serves the domain: every
 * platform below serves a custom domain (and issues its certificate) only once the domain is added to the project.
 * Facts from each platform's own documentation, cited beside it.
 */
export interface HostingPlatform {
  label: string;
  /** Matches a record's target (CNAME host name, or the platform's documented apex address). */
  serves: RegExp;
  /** Where the custom domain is added. */
  addDomain: string;
}

export const HOSTING_PLATFORMS: readonly HostingPlatform[] = [
  // vercel.com/docs/domains/set-up-custom-domain: apex A 76.76.21.21, subdomains CNAME cname.vercel-dns*.com.
  { label: "Vercel", serves: /(^|\.)vercel-dns(-\d+)?\.com$|^76\.76\.21\.21$/, addDomain: "Vercel → the project → Settings → Domains → Add (or vercel domains add)" },
  // docs.netlify.com/domains-https/custom-domains/: CNAME to <site>.netlify.app, apex-loadbalancer.netlify.com.
  { label: "Netlify", serves: /\.netlify\.(app|com)$/, addDomain: "Netlify → the site → Domain management → Add a domain" },
  // render.com/docs/custom-domains: CNAME to <service>.onrender.com, apex A 216.24.57.1.
  { label: "Render", serves: /\.onrender\.com$|^216\.24\.57\.1$/, addDomain: "Render → the service → Settings → Custom Domains → Add" },
  // fly.io/docs/networking/custom-domain/: CNAME to <app>.fly.dev, then fly certs add.
  { label: "Fly.io", serves: /\.fly\.dev$/, addDomain: "fly certs add <host> --app <app> (or the app's Certificates page)" },
  // devcenter.heroku.com/articles/custom-domains: CNAME to the DNS target heroku domains:add prints (*.herokudns.com).
  { label: "Heroku", serves: /\.herokudns\.com$/, addDomain: "heroku domains:add <host> --app <app> (Automated Certificate Management issues the certificate)" },
];

/** The platform a record's target belongs to, if any. */
export function hostingPlatformOf(target: string): HostingPlatform | undefined {
  const value = target.toLowerCase().replace(/\.$/, "");
  return HOSTING_PLATFORMS.find((p) => p.serves.test(value));
}

/** Verification TXT values and the console where a person then clicks Verify. */
const VERIFICATIONS: readonly { prefix: RegExp; where: string }[] = [
  { prefix: /^google-site-verification=/, where: "Google Admin console → Account → Domains → Manage domains → Verify" },
  { prefix: /^MS=ms\d+/, where: "Microsoft 365 admin center → Settings → Domains → the domain → Verify" },
  { prefix: /^vc-domain-verify=/, where: "Vercel → the project → Settings → Domains → Verify" },
  { prefix: /^mailerlite-domain-verification=/, where: "MailerLite → Account settings → Domains → Check records" },
  { prefix: /^stripe-verification=/, where: "Stripe Dashboard → Settings → the domain → Verify" },
];

/** Where a person confirms a verification record once it is published, if the value is a known verification. */
export function verificationConsole(txt: string): string | undefined {
  return VERIFICATIONS.find((v) => v.prefix.test(txt))?.where;
}
