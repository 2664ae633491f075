import ReadoutData
print("readout")
