package io.simvg.zoo.graph;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * detrex's post-norm DETR decoder (self-attention → norm → cross-attention → norm → FFN → norm) with a shared final
 * LayerNorm, used twice by SimVG: as the text-guided query generator over the text and as the decoder branch over
 * the image. Parameters use {@code nn.MultiheadAttention}'s packed {@code in_proj_weight [3C, C]} layout.
 */
public final class DetrDecoder {

    private final Layers nn;
    private final String prefix;
    private final int layers;
    private final int dim;
    private final int heads;
    private final int ffnDim;
    private final double dropout;
    private final double eps;
    private final Init init;

    /**
     * @param prefix state-dict prefix ending in a dot, e.g. {@code head.transformer.decoder.}
     * @param init   {@link Init#XAVIER} for the main decoder ({@code init_weights}), {@link Init#TORCH_DEFAULT} for
     *               the TQG (PyTorch defaults)
     */
    public DetrDecoder(Layers nn, String prefix, int layers, int dim, int heads, int ffnDim, double dropout,
                       double eps, Init init) {
        this.nn = nn;
        this.prefix = prefix;
        this.layers = layers;
        this.dim = dim;
        this.heads = heads;
        this.ffnDim = ffnDim;
        this.dropout = dropout;
        this.eps = eps;
        this.init = init;
    }

    /**
     * Runs the decoder from zero queries.
     *
     * @param queryPos {@code [B, Nq, C]} query position embedding (added to queries in both attentions)
     * @param memory   {@code [B, Lk, C]} keys and values
     * @param keyPos   {@code [1, Lk, C]} key position embedding
     * @param keyBias  {@code [B,1,1,Lk]} key padding bias or null
     * @return the post-normed state after every layer, {@code [B, Nq, C]} each
     */
    public List<SDVariable> build(SDVariable queryPos, long nq, SDVariable memory, long lk, SDVariable keyPos,
                                  SDVariable keyBias) {
        SDVariable postW = nn.params().ones(prefix + "post_norm_layer.weight", dim);
        SDVariable postB = nn.params().zeros(prefix + "post_norm_layer.bias", dim);
        SDVariable keys = memory.add(keyPos);
        SDVariable tgt = nn.zeros(nq, dim);
        List<SDVariable> states = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            tgt = layer(prefix + "layers." + i + ".", tgt, queryPos, nq, keys, memory, lk, keyBias);
            states.add(nn.layerNorm(tgt, postW, postB, eps));
        }
        return states;
    }

    private SDVariable layer(String pre, SDVariable tgt, SDVariable queryPos, long nq, SDVariable keys,
                             SDVariable values, long lk, SDVariable keyBias) {
        SDVariable q = tgt.add(queryPos);
        SDVariable self = attention(pre + "attentions.0.attn.", q, nq, q, tgt, nq, null);
        tgt = nn.layerNorm(tgt.add(self), pre + "norms.0", dim, eps);

        SDVariable cross = attention(pre + "attentions.1.attn.", tgt.add(queryPos), nq, keys, values, lk, keyBias);
        tgt = nn.layerNorm(tgt.add(cross), pre + "norms.1", dim, eps);

        SDVariable h = nn.relu(nn.linear(tgt, nq, pre + "ffns.0.layers.0.0", dim, ffnDim, init));
        h = nn.dropout(h, dropout, nq, ffnDim);
        h = nn.linear(h, nq, pre + "ffns.0.layers.1", ffnDim, dim, init);
        h = nn.dropout(h, dropout, nq, dim);
        return nn.layerNorm(tgt.add(h), pre + "norms.2", dim, eps);
    }

    /** {@code nn.MultiheadAttention(query, key, value)} with its packed input projection. */
    private SDVariable attention(String pre, SDVariable query, long lq, SDVariable key, SDVariable value, long lk,
                                 SDVariable keyBias) {
        ParameterFactory p = nn.params();
        SDVariable inW = p.weight(pre + "in_proj_weight", Init.ATTENTION, 3L * dim, dim);
        SDVariable inB = p.zeros(pre + "in_proj_bias", 3L * dim);
        SDVariable outW = p.weight(pre + "out_proj.weight", init, dim, dim);
        SDVariable outB = p.zeros(pre + "out_proj.bias", dim);

        int dh = dim / heads;
        SDVariable q = nn.linear(query, lq, rows(inW, 0), rows(inB, 0), dim, dim).mul(Math.pow(dh, -0.5));
        SDVariable k = nn.linear(key, lk, rows(inW, 1), rows(inB, 1), dim, dim);
        SDVariable v = nn.linear(value, lk, rows(inW, 2), rows(inB, 2), dim, dim);
        SDVariable ctx = nn.attention(nn.splitHeads(q, lq, heads, dh), nn.splitHeads(k, lk, heads, dh),
                nn.splitHeads(v, lk, heads, dh), keyBias, dropout, heads, lq, lk);
        return nn.linear(nn.mergeHeads(ctx, lq, heads, dh), lq, outW, outB, dim, dim);
    }

    /** Block {@code part} (0 = q, 1 = k, 2 = v) of a packed projection tensor. */
    private SDVariable rows(SDVariable packed, int part) {
        SDIndex range = SDIndex.interval((long) part * dim, (long) (part + 1) * dim);
        return packed.getArr().rank() == 1 ? packed.get(range) : packed.get(range, SDIndex.all());
    }
}
