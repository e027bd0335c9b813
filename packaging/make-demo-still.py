"""Writes the demo's manipulated still: scikit-image's astronaut.png (NASA,
public domain) with the inner face replaced by a warped, recoloured copy of
itself blended through a soft elliptical mask - a self-blended fake, the
kind of seam a face swap leaves. Used by make-demo-clip.sh at development
time only; the application never runs Python.
usage: make-demo-still.py REAL.png FAKE.png"""
import sys

import numpy as np
import skimage.data
import skimage.filters
import skimage.io
import skimage.transform

real = skimage.data.astronaut().astype(np.float64) / 255.0
height, width = real.shape[:2]
centre_x, centre_y = 228.0, 118.0  # the inner face of the 512x512 photograph
# The warped copy: 5 % larger about the face centre and moved 4 px right, 3 px down.
warp = (skimage.transform.AffineTransform(translation=(-centre_x, -centre_y))
        + skimage.transform.AffineTransform(scale=1.05)
        + skimage.transform.AffineTransform(translation=(centre_x + 4, centre_y + 3)))
copy = skimage.transform.warp(real, warp.inverse, mode="reflect")
# Recoloured (warmer, brighter, lower contrast) and softened, as a swapped face often is.
copy = np.clip((copy - 0.5) * 0.9 + 0.5 + np.array([0.06, 0.02, -0.03]), 0, 1)
copy = skimage.filters.gaussian(copy, sigma=0.8, channel_axis=-1)
yy, xx = np.mgrid[0:height, 0:width]
inside = ((xx - centre_x) / 46.0) ** 2 + ((yy - centre_y) / 60.0) ** 2 <= 1.0
mask = skimage.filters.gaussian(inside.astype(np.float64), sigma=5)[..., None]
fake = copy * mask + real * (1 - mask)
skimage.io.imsave(sys.argv[1], (real * 255).round().astype(np.uint8), check_contrast=False)
skimage.io.imsave(sys.argv[2], (fake * 255).round().astype(np.uint8), check_contrast=False)
