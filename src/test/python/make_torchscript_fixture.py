"""Makes the small TorchScript backbone Graft's tests train a head on.

Run with any PyTorch (made with Debian's python3-torch 1.13.1):
    python3 src/test/python/make_torchscript_fixture.py src/test/resources/dev/graft/torchscript/tiny_cnn.pt

A torchvision-style network in miniature: conv, BatchNorm, ReLU stages, global pooling, no
classifier (the output is the feature vector), traced with torch.jit.trace.
"""
import sys
import torch
import torch.nn as nn


class TinyCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.layer1 = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.layer2 = nn.Sequential(nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU())

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        return x.mean(dim=(2, 3))


torch.manual_seed(0)
model = TinyCnn().eval()
traced = torch.jit.trace(model, torch.rand(1, 3, 64, 64))
traced.save(sys.argv[1])
print("saved", sys.argv[1], "features", traced(torch.rand(2, 3, 64, 64)).shape)
