"""Imports every metric and artifact implementation module, so each registers itself."""

from nnspec.metrics import (
    impl_autoencoder,  # noqa: F401
    impl_basic,  # noqa: F401
    impl_boltzmann,  # noqa: F401
    impl_codes,  # noqa: F401
    impl_dbn,  # noqa: F401
    impl_energy,  # noqa: F401
    impl_generative,  # noqa: F401
)
from nnspec.train import (
    artifacts_boltzmann,  # noqa: F401
    artifacts_energy,  # noqa: F401
    artifacts_generative,  # noqa: F401
    artifacts_stages,  # noqa: F401
)
