/** A container image reference, normalised the way containerd resolves it. */
export interface ImageRef {
  /** Registry host (lower case, port kept): `docker.io` for Docker Hub's implicit default. */
  registry: string;
  /** Repository path inside the registry: `library/nginx` for single-name Docker Hub images. */
  repository: string;
  tag?: string | undefined;
  digest?: string | undefined;
  /** false when the reference named no registry and Docker Hub was implied. */
  registryExplicit: boolean;
}

export class ImageRefError extends Error {
  constructor(readonly input: string, why: string) {
    super(`not a valid image reference (${why}): ${JSON.stringify(input)}`);
    this.name = 'ImageRefError';
  }
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Docker's rule: the first path component is a registry host when it looks like one. */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

export function normaliseRegistryHost(host: string): string {
  const h = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(h) ? DOCKER_HUB : h;
}

/**
 * Parses `[registry/]repository[:tag][@digest]`. Docker Hub is the default registry and its
 * single-name images live under `library/`, as containerd resolves them.
 */
export function parseImageRef(image: string): ImageRef {
  const s = image.trim();
  if (!s) throw new ImageRefError(image, 'it is empty');
  if (/\s/.test(s)) throw new ImageRefError(image, 'it contains white space');
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(digest)) throw new ImageRefError(image, 'the digest is malformed');
  }
  let registry = DOCKER_HUB;
  let registryExplicit = false;
  const slash = rest.indexOf('/');
  if (slash >= 0 && looksLikeHost(rest.slice(0, slash))) {
    registry = normaliseRegistryHost(rest.slice(0, slash));
    registryExplicit = true;
    rest = rest.slice(slash + 1);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new ImageRefError(image, 'the tag is malformed');
  }
  if (!rest || rest.split('/').some((p) => p.length === 0)) throw new ImageRefError(image, 'the repository name is missing');
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(rest)) {
    throw new ImageRefError(image, 'the repository name has invalid characters');
  }
  const repository = registry === DOCKER_HUB && !rest.includes('/') ? `library/${rest}` : rest;
  return { registry, repository, tag, digest, registryExplicit };
}

export function tryParseImageRef(image: string): ImageRef | undefined {
  try {
    return parseImageRef(image);
  } catch {
    return undefined;
  }
}

/** `registry/repository`, the form cache rules' `sourceRepository` uses. */
export function repositoryPath(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The tag or digest suffix to append to a repository (`:1.25`, `@sha256:…`, `:latest` by default). */
export function referenceSuffix(ref: ImageRef): string {
  if (ref.digest) return ref.tag ? `:${ref.tag}@${ref.digest}` : `@${ref.digest}`;
  return `:${ref.tag ?? 'latest'}`;
}

/** The registry host as written in a report: an unparseable image keeps its first component. */
export function imageRegistryOf(image: string): string {
  const ref = tryParseImageRef(image);
  if (ref) return ref.registry;
  const first = image.trim().split('/')[0] ?? '';
  return image.includes('/') && looksLikeHost(first) ? normaliseRegistryHost(first) : DOCKER_HUB;
}

/** MCR and its data endpoints (`*.data.mcr.microsoft.com`), where isolated nodes must never go directly. */
export function isMcrHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const h = stripPort(host.toLowerCase());
  return h === 'mcr.microsoft.com' || h.endsWith('.data.mcr.microsoft.com');
}

const ACR_SUFFIXES = ['.azurecr.io', '.azurecr.cn', '.azurecr.us'];

/** An Azure Container Registry login server or data endpoint. */
export function isAcrHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const h = stripPort(host.toLowerCase());
  return ACR_SUFFIXES.some((s) => h.endsWith(s) && h.length > s.length);
}

export function stripPort(host: string): string {
  return host.replace(/:\d+$/, '');
}
