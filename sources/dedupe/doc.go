// Package dedupe counts the same article once however it arrives.
//
// Dedupe merges articles with the same canonical URL (fetch.CanonicalURL:
// tracking parameters, AMP and mobile variants and other spellings of one
// address stripped), the same item re-published, the same outlet and
// title, and syndicated copies with near-identical bodies (MinHash over
// 5-word shingles with LSH, confirmed by Jaccard ≥ 0.8), keeping the most
// complete and filling its empty fields from the others.
package dedupe
