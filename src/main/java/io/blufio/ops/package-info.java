/**
 * Operations: the health model and its routes, metrics, the memory monitor, sd_notify, backup and
 * restore, doctor checks. Watches every stage and never sits in the path of a turn; reads the other
 * packages, never changes them. Must not import {@code cli}.
 */
package io.blufio.ops;
