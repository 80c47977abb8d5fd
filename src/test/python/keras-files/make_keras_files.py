#!/usr/bin/python3
"""Writes the functional test model (src/test/resources/dev/graft/keras/functional/plain, made by
src/test/node/keras-reference/make-functional.js) as the two files Keras itself saves, without
Keras: only h5py and numpy (Debian: apt-get install python3-h5py), with the same h5py calls Keras
makes, so the files are laid out by the real HDF5 library exactly as Keras lays them out.

  keras2.h5     Keras 2 / tf.keras model.save("x.h5") (legacy_h5_format.save_model_to_hdf5):
                root attributes model_config (JSON, bytes), keras_version, backend; model_weights
                with layer_names, and per layer a group with weight_names and one dataset per
                weight under its name ("dw_conv/depthwise_kernel:0" -> dw_conv/depthwise_kernel:0)
  keras3.keras  Keras 3 model.save("x.keras") (saving_lib): a zip of metadata.json, config.json
                (Keras 3's serialisation: module/registered_name, keras_history node references,
                batch_shape) and model.weights.h5 (layers/<name>/vars/<i>, nested models under
                layers/<model>/layers/<name>; variables in creation order, no names)

  hostile-link.h5  a Keras 2 file whose first weight group is an HDF5 external link to another
                file (Keras writes no links; a reader that follows it reads a file the user never gave)

The weights are the TF.js model's, dequantised as Graft's TF.js reader does (float32 min + scale * q),
so the imports must agree exactly. Run from the repository root:
  /usr/bin/python3 src/test/python/keras-files/make_keras_files.py
"""
import io
import json
import zipfile

import h5py
import numpy as np

SRC = "src/test/resources/dev/graft/keras/functional/plain/"
OUT = "src/test/resources/dev/graft/keras/functional/keras-files/"


def tfjs_weights():
    model = json.load(open(SRC + "model.json"))
    group = model["weightsManifest"][0]
    data = open(SRC + group["paths"][0], "rb").read()
    pos = 0
    out = {}
    for w in group["weights"]:
        shape = w["shape"]
        n = int(np.prod(shape)) if shape else 1
        q = w.get("quantization")
        if q is None:
            v = np.frombuffer(data, "<f4", n, pos)
            pos += 4 * n
        else:
            dt = {"uint8": "u1", "uint16": "<u2"}[q["dtype"]]
            raw = np.frombuffer(data, dt, n, pos)
            pos += raw.itemsize * n
            v = np.float32(q["min"]) + np.float32(q["scale"]) * raw.astype(np.float32)
        out[w["name"]] = v.astype(np.float32).reshape(shape)
    return model["modelTopology"], out


def leaf_weights(weights, layer):
    prefix = layer + "/"
    return [(k[len(prefix):], v) for k, v in weights.items() if k.startswith(prefix)]


# --- Keras 2 ----------------------------------------------------------------------------------

def owned_weights(layer, weights):
    """Keras 2's layer.weights of a top-level layer: a nested model's hold its layers' weights."""
    if layer["class_name"] in ("Model", "Functional", "Sequential"):
        out = []
        for inner in layer["config"]["layers"]:
            out += owned_weights(inner, weights)
        return out
    name = layer["config"]["name"]
    return [(name + "/" + short + ":0", v) for short, v in leaf_weights(weights, name)]


def save_attributes(group, name, data):
    # legacy_h5_format.save_attributes_to_hdf5_group without the chunking (the lists are short)
    group.attrs[name] = data


def write_keras2(topology, weights):
    config = {"class_name": "Functional", "config": topology["config"]}
    with h5py.File(OUT + "keras2.h5", "w") as f:
        f.attrs["keras_version"] = "2.15.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        mw = f.create_group("model_weights")
        layers = topology["config"]["layers"]
        save_attributes(mw, "layer_names", [l["config"]["name"].encode("utf8") for l in layers])
        mw.attrs["backend"] = b"tensorflow"
        mw.attrs["keras_version"] = b"2.15.0"
        for layer in sorted(layers, key=lambda l: l["config"]["name"]):
            g = mw.create_group(layer["config"]["name"])
            owned = owned_weights(layer, weights)
            save_attributes(g, "weight_names", [n.encode("utf8") for n, _ in owned])
            for n, v in owned:
                d = g.create_dataset(n, v.shape, dtype=v.dtype)
                d[:] = v


# --- Keras 3 ----------------------------------------------------------------------------------

def tensor(name):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": None, "dtype": "float32", "keras_history": [name, 0, 0]}}


def k3_model(cfg):
    layers = []
    for l in cfg["layers"]:
        cls = l["class_name"]
        name = l["config"]["name"]
        if cls in ("Model", "Functional"):
            c = k3_model(l["config"])
            out = {"module": "keras.src.models.functional", "class_name": "Functional", "config": c,
                   "registered_name": "Functional", "name": name}
        elif cls == "InputLayer":
            c = {"batch_shape": l["config"]["batch_input_shape"], "dtype": "float32", "sparse": False,
                 "name": name}
            out = {"module": "keras.layers", "class_name": cls, "config": c, "registered_name": None,
                   "name": name}
        else:
            c = dict(l["config"])
            c["dtype"] = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                          "registered_name": None}
            out = {"module": "keras.layers", "class_name": cls, "config": c, "registered_name": None,
                   "build_config": {"input_shape": None}, "name": name}
        nodes = []
        for node in l.get("inbound_nodes", []):
            refs = [tensor(r[0]) for r in node]
            nodes.append({"args": [refs] if len(refs) > 1 else refs, "kwargs": {}})
        out["inbound_nodes"] = nodes
        layers.append(out)
    return {"name": cfg["name"], "trainable": True, "layers": layers,
            "input_layers": [cfg["input_layers"][0][:3]], "output_layers": [cfg["output_layers"][0][:3]]}


# Keras 3 variables in creation order (trainable, then non-trainable), by layer class
def k3_vars(cls, cfg, name, weights):
    own = dict(leaf_weights(weights, name))
    order = {"Conv2D": ["kernel", "bias"], "Dense": ["kernel", "bias"],
             "DepthwiseConv2D": ["depthwise_kernel", "bias"],
             "SeparableConv2D": ["depthwise_kernel", "pointwise_kernel", "bias"],
             "BatchNormalization": ["gamma", "beta", "moving_mean", "moving_variance"]}.get(cls, [])
    out = [own.pop(k) for k in order if k in own]
    assert not own, (name, own.keys())
    return out


def k3_weights(h5, path, cfg, weights):
    h5.create_group(path + "vars" if path else "vars")
    for l in cfg["layers"]:
        cls = l["class_name"]
        name = l["config"]["name"]
        if cls == "InputLayer":
            continue
        p = path + "layers/" + name + "/"
        if cls in ("Model", "Functional"):
            k3_weights(h5, p, l["config"], weights)
            continue
        g = h5.create_group(p + "vars")
        for i, v in enumerate(k3_vars(cls, l["config"], name, weights)):
            g[str(i)] = v


def write_keras3(topology, weights):
    config = {"module": "keras.src.models.functional", "class_name": "Functional",
              "config": k3_model(topology["config"]), "registered_name": "Functional",
              "build_config": {"input_shape": None}, "compile_config": None}
    buf = io.BytesIO()
    with h5py.File(buf, "w") as h5:
        k3_weights(h5, "", topology["config"], weights)
        h5.create_group("optimizer").create_group("vars")["0"] = np.int64(0)
    entries = [("metadata.json", json.dumps({"keras_version": "3.6.0", "date_saved": "2026-12-06@00:00:00"})),
               ("config.json", json.dumps(config)), ("model.weights.h5", buf.getvalue())]
    with zipfile.ZipFile(OUT + "keras3.keras", "w") as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 12, 6, 0, 0, 0)), data)  # the same bytes every run


def write_hostile_link(topology):
    config = {"class_name": "Functional", "config": topology["config"]}
    with h5py.File(OUT + "hostile-link.h5", "w") as f:
        f.attrs["keras_version"] = "2.15.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = [b"stem_conv"]
        g = mw.create_group("stem_conv")
        g.attrs["weight_names"] = [b"stem_conv/kernel:0"]
        g["stem_conv"] = h5py.ExternalLink("/tmp/somebody-elses.h5", "/stem_conv")


if __name__ == "__main__":
    import os
    os.makedirs(OUT, exist_ok=True)
    topology, weights = tfjs_weights()
    write_keras2(topology, weights)
    write_keras3(topology, weights)
    write_hostile_link(topology)
