"""specs/reference/pytorch-mnist.yaml by hand: pytorch/examples mnist/main.py on 8x8 digits.

Net, train() and main()'s defaults as in the example (Adadelta lr 1.0, StepLR(step_size=1,
gamma=0.7) stepped after each epoch, 14 epochs, batch 64, seed 1); the data are nnspec's
split and order (handwritten.digits_split) so that both sides see the same batches.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.optim.lr_scheduler import StepLR

from handwritten.digits_split import accuracy, batches, digits

SEED, EPOCHS, BATCH = 1, 14, 64


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(256, 128)  # MNIST's 9216: 64 channels of 12x12; here 2x2
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = self.dropout2(x)
        return F.log_softmax(self.fc2(x), dim=1)


def run(epochs: int = EPOCHS) -> float:
    data = digits(SEED, 0.2, [(0, 16), (0.1307, 0.4388)])
    torch.manual_seed(SEED)
    model = Net()
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
    x_train, y_train = data["train"]
    stream = batches(x_train, y_train, BATCH, SEED, shuffle=True)
    for _ in range(epochs):
        model.train()
        for _ in range(math.ceil(len(x_train) / BATCH)):
            x, y = next(stream)
            optimizer.zero_grad()
            F.nll_loss(model(x), y).backward()
            optimizer.step()
        scheduler.step()
    return accuracy(model, *data["test"])
