"""wijkwijzer: who is the contact point for this topic in this Haagse neighbourhood?"""

__version__ = "0.1.0"
